ALTER TYPE "public"."start_surface" ADD VALUE 'MONITORING';--> statement-breakpoint
ALTER TYPE "public"."start_surface" ADD VALUE 'SCHEDULE';--> statement-breakpoint
ALTER TABLE "policy_backups" DROP CONSTRAINT "policy_backups_operation_run_id_operation_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "policy_backups" ALTER COLUMN "operation_run_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "operation_runs" ADD COLUMN "provider_connection_chosen" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "operation_runs" ADD COLUMN "retry_of" uuid;--> statement-breakpoint
ALTER TABLE "operation_runs" ADD COLUMN "cancel_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "operation_runs" ADD COLUMN "cancel_requested_by" uuid;--> statement-breakpoint
ALTER TABLE "operation_runs" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "run_events" ADD COLUMN "actor_id" uuid;--> statement-breakpoint
ALTER TABLE "operation_runs" ADD CONSTRAINT "operation_runs_retry_of_operation_runs_id_fk" FOREIGN KEY ("retry_of") REFERENCES "public"."operation_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_runs" ADD CONSTRAINT "operation_runs_cancel_requested_by_users_id_fk" FOREIGN KEY ("cancel_requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_backups" ADD CONSTRAINT "policy_backups_operation_run_id_operation_runs_id_fk" FOREIGN KEY ("operation_run_id") REFERENCES "public"."operation_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_events" ADD CONSTRAINT "run_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_groups_last_run_idx" ON "directory_groups" USING btree ("last_run_id");--> statement-breakpoint
CREATE INDEX "operation_runs_retry_of_idx" ON "operation_runs" USING btree ("retry_of") WHERE "operation_runs"."retry_of" is not null;--> statement-breakpoint
CREATE INDEX "operation_runs_completed_idx" ON "operation_runs" USING btree ("completed_at") WHERE "operation_runs"."status" = 'COMPLETED';--> statement-breakpoint
CREATE INDEX "role_definitions_last_run_idx" ON "role_definitions" USING btree ("last_run_id");--> statement-breakpoint
CREATE INDEX "start_decisions_run_idx" ON "start_decisions" USING btree ("run_id");