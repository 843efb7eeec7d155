CREATE TYPE "public"."onboarding_session_status" AS ENUM('ACTIVE', 'COMPLETED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."onboarding_step_key" AS ENUM('TENANT_DETAILS', 'PROVIDER_CONNECTION', 'VERIFICATION', 'BOOTSTRAP', 'COMPLETE');--> statement-breakpoint
CREATE TABLE "onboarding_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"tenant_id" uuid,
	"provider_connection_id" uuid,
	"status" "onboarding_session_status" DEFAULT 'ACTIVE' NOT NULL,
	"current_step" "onboarding_step_key" DEFAULT 'TENANT_DETAILS' NOT NULL,
	"bootstrap_operations" "operation_type"[],
	"bootstrap_runs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_starts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "onboarding_sessions" ADD CONSTRAINT "onboarding_sessions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_sessions" ADD CONSTRAINT "onboarding_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_sessions" ADD CONSTRAINT "onboarding_sessions_provider_connection_id_provider_connections_id_fk" FOREIGN KEY ("provider_connection_id") REFERENCES "public"."provider_connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_sessions" ADD CONSTRAINT "onboarding_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "onboarding_sessions_workspace_idx" ON "onboarding_sessions" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "onboarding_sessions_tenant_idx" ON "onboarding_sessions" USING btree ("tenant_id");