DROP INDEX "listening_sessions_open_idx";--> statement-breakpoint
CREATE INDEX "listening_sessions_open_idx" ON "listening_sessions" USING btree ("started_at") WHERE "listening_sessions"."ended_at" is null;--> statement-breakpoint
-- Hand-added: room on each page for a beat's new row version (HOT updates need the same page).
ALTER TABLE "listening_sessions" SET (fillfactor = 80);