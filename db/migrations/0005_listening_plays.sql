CREATE TABLE "listening_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"track_id" uuid NOT NULL,
	"plays" integer DEFAULT 0 NOT NULL,
	"skips" integer DEFAULT 0 NOT NULL,
	"ms_heard" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "listening_hourly_hour_track_id_pk" PRIMARY KEY("hour","track_id")
);
--> statement-breakpoint
CREATE TABLE "track_stats" (
	"track_id" uuid PRIMARY KEY NOT NULL,
	"plays" integer DEFAULT 0 NOT NULL,
	"skips" integer DEFAULT 0 NOT NULL,
	"last_played_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "user_track_plays" (
	"user_id" uuid NOT NULL,
	"track_id" uuid NOT NULL,
	"plays" integer DEFAULT 0 NOT NULL,
	"last_played_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_track_plays_user_id_track_id_pk" PRIMARY KEY("user_id","track_id")
);
--> statement-breakpoint
ALTER TABLE "listening_sessions" ADD COLUMN "last_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "listening_sessions" ADD COLUMN "last_beat_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "listening_sessions" ADD COLUMN "position_ms" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "listening_sessions" ADD COLUMN "heard_ms" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "listening_sessions" ADD COLUMN "counted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "listening_sessions" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "listening_hourly" ADD CONSTRAINT "listening_hourly_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_stats" ADD CONSTRAINT "track_stats_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_track_plays" ADD CONSTRAINT "user_track_plays_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_track_plays" ADD CONSTRAINT "user_track_plays_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "listening_sessions_open_idx" ON "listening_sessions" USING btree ("last_beat_at") WHERE "listening_sessions"."ended_at" is null;