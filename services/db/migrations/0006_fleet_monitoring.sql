ALTER TABLE "operation_runs" ADD COLUMN "workspace_id" uuid;--> statement-breakpoint
ALTER TABLE "operation_runs" ADD COLUMN "chosen_connection_id" uuid GENERATED ALWAYS AS (((provider_connection_snapshot ->> 'id'::text))::uuid) STORED;--> statement-breakpoint
-- Fleet Monitoring reads a workspace's runs by workspace_id: existing runs get their tenant's
-- workspace, and every insert that leaves it null gets it from the tenant (tenants never move).
UPDATE "operation_runs" r SET "workspace_id" = t."workspace_id" FROM "tenants" t WHERE t."id" = r."tenant_id";--> statement-breakpoint
CREATE FUNCTION "operation_runs_set_workspace"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT "workspace_id" INTO NEW."workspace_id" FROM "tenants" WHERE "id" = NEW."tenant_id";
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "operation_runs_set_workspace" BEFORE INSERT ON "operation_runs"
  FOR EACH ROW WHEN (NEW."workspace_id" IS NULL) EXECUTE FUNCTION "operation_runs_set_workspace"();--> statement-breakpoint
ALTER TABLE "operation_runs" ADD CONSTRAINT "operation_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_user_unread_idx" ON "notifications" USING btree ("user_id","created_at","id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "operation_runs_workspace_created_idx" ON "operation_runs" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "operation_runs_tenant_status_created_idx" ON "operation_runs" USING btree ("tenant_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "operation_runs_workspace_status_created_idx" ON "operation_runs" USING btree ("workspace_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "operation_runs_tenant_outcome_created_idx" ON "operation_runs" USING btree ("tenant_id","outcome","created_at","id");--> statement-breakpoint
CREATE INDEX "operation_runs_workspace_outcome_created_idx" ON "operation_runs" USING btree ("workspace_id","outcome","created_at","id");--> statement-breakpoint
CREATE INDEX "operation_runs_tenant_type_created_idx" ON "operation_runs" USING btree ("tenant_id","operation_type","created_at","id");--> statement-breakpoint
CREATE INDEX "operation_runs_workspace_type_created_idx" ON "operation_runs" USING btree ("workspace_id","operation_type","created_at","id");--> statement-breakpoint
CREATE INDEX "operation_runs_tenant_surface_created_idx" ON "operation_runs" USING btree ("tenant_id","initiated_from","created_at","id");--> statement-breakpoint
CREATE INDEX "operation_runs_workspace_surface_created_idx" ON "operation_runs" USING btree ("workspace_id","initiated_from","created_at","id");--> statement-breakpoint
CREATE INDEX "operation_runs_tenant_initiator_created_idx" ON "operation_runs" USING btree ("tenant_id","initiated_by","created_at","id") WHERE "operation_runs"."initiated_by" is not null;--> statement-breakpoint
CREATE INDEX "operation_runs_workspace_initiator_created_idx" ON "operation_runs" USING btree ("workspace_id","initiated_by","created_at","id") WHERE "operation_runs"."initiated_by" is not null;--> statement-breakpoint
CREATE INDEX "operation_runs_tenant_reason_created_idx" ON "operation_runs" USING btree ("tenant_id","reason_code","created_at","id") WHERE "operation_runs"."reason_code" is not null;--> statement-breakpoint
CREATE INDEX "operation_runs_workspace_reason_created_idx" ON "operation_runs" USING btree ("workspace_id","reason_code","created_at","id") WHERE "operation_runs"."reason_code" is not null;--> statement-breakpoint
CREATE INDEX "operation_runs_connection_created_idx" ON "operation_runs" USING btree ("chosen_connection_id","created_at","id") WHERE "operation_runs"."chosen_connection_id" is not null;