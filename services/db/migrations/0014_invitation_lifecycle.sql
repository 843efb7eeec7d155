DROP INDEX "tenant_invitations_pending_idx";--> statement-breakpoint
DROP INDEX "tenant_invitations_email_pending_idx";--> statement-breakpoint
ALTER TABLE "tenant_invitations" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
-- Hand-added: invitations made before expiry existed expire 14 days (the default of
-- TENANT_INVITATION_TTL) after they were last sent, so a months-old one no longer binds.
UPDATE "tenant_invitations" SET "expires_at" = "created_at" + interval '14 days';--> statement-breakpoint
ALTER TABLE "tenant_invitations" ALTER COLUMN "expires_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_invitations" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_invitations" ADD COLUMN "revoked_by" uuid;--> statement-breakpoint
ALTER TABLE "tenant_invitations" ADD CONSTRAINT "tenant_invitations_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_invitations_tenant_idx" ON "tenant_invitations" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_invitations_pending_idx" ON "tenant_invitations" USING btree ("tenant_id","email") WHERE "tenant_invitations"."accepted_at" is null and "tenant_invitations"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "tenant_invitations_email_pending_idx" ON "tenant_invitations" USING btree ("email") WHERE "tenant_invitations"."accepted_at" is null and "tenant_invitations"."revoked_at" is null;