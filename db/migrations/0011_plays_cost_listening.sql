CREATE TABLE "listening_clocks" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"credited_to" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "listening_sessions" ADD COLUMN "device_id" text;--> statement-breakpoint
ALTER TABLE "listening_sessions" ADD COLUMN "key_fetched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "listening_sessions" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "listening_clocks" ADD CONSTRAINT "listening_clocks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "listening_sessions_unkeyed_idx" ON "listening_sessions" USING btree ("user_id","track_id","started_at") WHERE "listening_sessions"."key_fetched_at" is null and "listening_sessions"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "listening_sessions_user_live_idx" ON "listening_sessions" USING btree ("user_id") WHERE "listening_sessions"."ended_at" is null and "listening_sessions"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "user_track_plays_last_played_idx" ON "user_track_plays" USING btree ("last_played_at");--> statement-breakpoint
-- Hand-added: sessions open at the upgrade were started by players that already had the key;
-- they go on counting as before. Every later session counts only once its key is fetched.
UPDATE "listening_sessions" SET "key_fetched_at" = "started_at" WHERE "ended_at" IS NULL;
