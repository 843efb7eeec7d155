DROP INDEX "notifications_run_user_idx";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "kind" text DEFAULT 'RUN_COMPLETED' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_run_user_kind_idx" ON "notifications" USING btree ("run_id","user_id","kind");