CREATE TYPE "public"."restore_run_status" AS ENUM('DRAFT', 'PREVIEWED', 'EXECUTING', 'COMPLETED', 'FAILED');--> statement-breakpoint
CREATE TABLE "restore_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"backup_id" uuid NOT NULL,
	"selected_item_ids" uuid[],
	"status" "restore_run_status" DEFAULT 'DRAFT' NOT NULL,
	"preview" jsonb,
	"warnings" text[] DEFAULT '{}'::text[] NOT NULL,
	"previewed_at" timestamp with time zone,
	"operation_run_id" uuid,
	"item_results" jsonb,
	"rerun_of" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "restore_runs" ADD CONSTRAINT "restore_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "restore_runs" ADD CONSTRAINT "restore_runs_backup_id_policy_backups_id_fk" FOREIGN KEY ("backup_id") REFERENCES "public"."policy_backups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "restore_runs" ADD CONSTRAINT "restore_runs_operation_run_id_operation_runs_id_fk" FOREIGN KEY ("operation_run_id") REFERENCES "public"."operation_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "restore_runs" ADD CONSTRAINT "restore_runs_rerun_of_restore_runs_id_fk" FOREIGN KEY ("rerun_of") REFERENCES "public"."restore_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "restore_runs" ADD CONSTRAINT "restore_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "restore_runs_tenant_created_idx" ON "restore_runs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "restore_runs_operation_run_idx" ON "restore_runs" USING btree ("operation_run_id");