CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"workspace_id" uuid,
	"tenant_id" uuid,
	"actor_id" uuid,
	"api_client_id" uuid,
	"action" text NOT NULL,
	"surface" "start_surface",
	"outcome" "start_outcome",
	"run_id" uuid,
	"target_type" text,
	"target_id" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_events_workspace_idx" ON "audit_events" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_tenant_idx" ON "audit_events" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_workspace_actor_idx" ON "audit_events" USING btree ("workspace_id","actor_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_workspace_action_idx" ON "audit_events" USING btree ("workspace_id","action","id");--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
-- Append-only: no UPDATE, no TRUNCATE, and no DELETE except retention's, which sets
-- msp.audit_retention = 'on' for its own transaction (pruneAuditEvents in services/db/src/audit.ts).
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('msp.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();--> statement-breakpoint
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();--> statement-breakpoint
-- A writer that names only the tenant gets the tenant's workspace (tenants never change workspace).
CREATE FUNCTION "audit_events_set_workspace"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT "workspace_id" INTO NEW."workspace_id" FROM "tenants" WHERE "id" = NEW."tenant_id";
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "audit_events_set_workspace" BEFORE INSERT ON "audit_events"
  FOR EACH ROW WHEN (NEW."workspace_id" IS NULL AND NEW."tenant_id" IS NOT NULL)
  EXECUTE FUNCTION "audit_events_set_workspace"();
