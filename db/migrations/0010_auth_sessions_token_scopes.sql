CREATE TYPE "public"."api_token_scope" AS ENUM('listen', 'import', 'admin');--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"device" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "scopes" "api_token_scope"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
-- Tokens made before scopes keep what they could do: everything, for an admin's token; a
-- token whose owner is no longer an admin could only reach the listening routes.
UPDATE "api_tokens" SET "scopes" = CASE WHEN "users"."role" = 'admin' THEN '{admin}'::"api_token_scope"[] ELSE '{listen}'::"api_token_scope"[] END FROM "users" WHERE "users"."id" = "api_tokens"."user_id";
