CREATE TABLE "schedule_firings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"schedule_id" uuid NOT NULL,
	"tick_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" "start_outcome",
	"run_id" uuid,
	"reason_code" text,
	"stop_reason" text,
	"detail" text,
	"notified" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"operation_type" "operation_type" NOT NULL,
	"name" text,
	"cron" text,
	"time_zone" text,
	"interval_seconds" integer,
	"provider_connection_id" uuid,
	"owner_id" uuid NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"stop_reason" text,
	"stop_detail" text,
	"problem_reason_code" text,
	"problem_run_id" uuid,
	"last_tick_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"synced_version" integer DEFAULT 0 NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedules_timing_check" CHECK (("schedules"."cron" is not null and "schedules"."time_zone" is not null and "schedules"."interval_seconds" is null)
        or ("schedules"."cron" is null and "schedules"."time_zone" is null and "schedules"."interval_seconds" is not null))
);
--> statement-breakpoint
ALTER TABLE "schedule_firings" ADD CONSTRAINT "schedule_firings_schedule_id_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_firings" ADD CONSTRAINT "schedule_firings_run_id_operation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."operation_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_problem_run_id_operation_runs_id_fk" FOREIGN KEY ("problem_run_id") REFERENCES "public"."operation_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_firings_schedule_tick_idx" ON "schedule_firings" USING btree ("schedule_id","tick_at");--> statement-breakpoint
CREATE INDEX "schedule_firings_tick_idx" ON "schedule_firings" USING btree ("tick_at");--> statement-breakpoint
CREATE INDEX "schedules_tenant_created_idx" ON "schedules" USING btree ("tenant_id","created_at","id") WHERE "schedules"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "schedules_unsynced_idx" ON "schedules" USING btree ("id") WHERE "schedules"."synced_version" <> "schedules"."version";