ALTER TABLE "provider_connections" ADD COLUMN "observed_permissions" text[];--> statement-breakpoint
ALTER TABLE "provider_connections" ADD COLUMN "permission_drift" jsonb;--> statement-breakpoint
ALTER TABLE "provider_connections" ADD COLUMN "permission_drift_cleared_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_connections" ADD COLUMN "credential_expiry_notified_for" timestamp with time zone;