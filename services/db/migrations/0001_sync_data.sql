CREATE TABLE "directory_groups" (
	"tenant_id" uuid NOT NULL,
	"graph_id" text NOT NULL,
	"display_name" text,
	"description" text,
	"mail" text,
	"security_enabled" boolean,
	"mail_enabled" boolean,
	"group_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_run_id" uuid,
	CONSTRAINT "directory_groups_tenant_id_graph_id_pk" PRIMARY KEY("tenant_id","graph_id")
);
--> statement-breakpoint
CREATE TABLE "policy_backup_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"backup_id" uuid NOT NULL,
	"policy_id" text NOT NULL,
	"display_name" text,
	"policy_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_backups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"operation_run_id" uuid NOT NULL,
	"provider_connection_id" uuid,
	"item_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "policy_backups_operation_run_id_key" UNIQUE("operation_run_id")
);
--> statement-breakpoint
CREATE TABLE "role_definitions" (
	"tenant_id" uuid NOT NULL,
	"graph_id" text NOT NULL,
	"display_name" text,
	"description" text,
	"is_built_in" boolean DEFAULT false NOT NULL,
	"permissions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_run_id" uuid,
	CONSTRAINT "role_definitions_tenant_id_graph_id_pk" PRIMARY KEY("tenant_id","graph_id")
);
--> statement-breakpoint
CREATE TABLE "tenant_verification_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"operation_run_id" uuid NOT NULL,
	"provider_connection_id" uuid,
	"status" text NOT NULL,
	"organization" jsonb,
	"granted_permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"missing_permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"reason_code" text,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_verification_reports_operation_run_id_key" UNIQUE("operation_run_id")
);
--> statement-breakpoint
ALTER TABLE "directory_groups" ADD CONSTRAINT "directory_groups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_groups" ADD CONSTRAINT "directory_groups_last_run_id_operation_runs_id_fk" FOREIGN KEY ("last_run_id") REFERENCES "public"."operation_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_backup_items" ADD CONSTRAINT "policy_backup_items_backup_id_policy_backups_id_fk" FOREIGN KEY ("backup_id") REFERENCES "public"."policy_backups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_backups" ADD CONSTRAINT "policy_backups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_backups" ADD CONSTRAINT "policy_backups_operation_run_id_operation_runs_id_fk" FOREIGN KEY ("operation_run_id") REFERENCES "public"."operation_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_backups" ADD CONSTRAINT "policy_backups_provider_connection_id_provider_connections_id_fk" FOREIGN KEY ("provider_connection_id") REFERENCES "public"."provider_connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_definitions" ADD CONSTRAINT "role_definitions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_definitions" ADD CONSTRAINT "role_definitions_last_run_id_operation_runs_id_fk" FOREIGN KEY ("last_run_id") REFERENCES "public"."operation_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_verification_reports" ADD CONSTRAINT "tenant_verification_reports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_verification_reports" ADD CONSTRAINT "tenant_verification_reports_operation_run_id_operation_runs_id_fk" FOREIGN KEY ("operation_run_id") REFERENCES "public"."operation_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_verification_reports" ADD CONSTRAINT "tenant_verification_reports_provider_connection_id_provider_connections_id_fk" FOREIGN KEY ("provider_connection_id") REFERENCES "public"."provider_connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_groups_tenant_name_idx" ON "directory_groups" USING btree ("tenant_id","display_name");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_backup_items_backup_policy_idx" ON "policy_backup_items" USING btree ("backup_id","policy_id");--> statement-breakpoint
CREATE INDEX "policy_backups_tenant_created_idx" ON "policy_backups" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "tenant_verification_reports_tenant_checked_idx" ON "tenant_verification_reports" USING btree ("tenant_id","checked_at");--> statement-breakpoint
CREATE INDEX "tenant_verification_reports_connection_checked_idx" ON "tenant_verification_reports" USING btree ("provider_connection_id","checked_at");