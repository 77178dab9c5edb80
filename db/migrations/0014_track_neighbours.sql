CREATE TABLE "neighbour_build_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"last_counted_at" timestamp with time zone,
	"last_session_id" uuid,
	"min_support" integer DEFAULT 1 NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_plays_read" integer DEFAULT 0 NOT NULL,
	"last_pairs_updated" integer DEFAULT 0 NOT NULL,
	"last_tracks_updated" integer DEFAULT 0 NOT NULL,
	"last_duration_ms" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "neighbour_build_state_one_row" CHECK ("neighbour_build_state"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "track_neighbours" (
	"track_id" uuid NOT NULL,
	"neighbour_id" uuid NOT NULL,
	"score" real NOT NULL,
	"pairs" integer NOT NULL,
	CONSTRAINT "track_neighbours_track_id_neighbour_id_pk" PRIMARY KEY("track_id","neighbour_id")
);
--> statement-breakpoint
CREATE TABLE "track_pair_counts" (
	"track_a" uuid NOT NULL,
	"track_b" uuid NOT NULL,
	"weight" integer NOT NULL,
	CONSTRAINT "track_pair_counts_track_a_track_b_pk" PRIMARY KEY("track_a","track_b"),
	CONSTRAINT "track_pair_counts_ordered" CHECK ("track_pair_counts"."track_a" < "track_pair_counts"."track_b")
);
--> statement-breakpoint
CREATE TABLE "track_play_weights" (
	"track_id" uuid PRIMARY KEY NOT NULL,
	"weight" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "track_neighbours" ADD CONSTRAINT "track_neighbours_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_neighbours" ADD CONSTRAINT "track_neighbours_neighbour_id_tracks_id_fk" FOREIGN KEY ("neighbour_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "track_play_weights" ADD CONSTRAINT "track_play_weights_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "track_neighbours_neighbour_idx" ON "track_neighbours" USING btree ("neighbour_id");--> statement-breakpoint
CREATE INDEX "track_pair_counts_b_idx" ON "track_pair_counts" USING btree ("track_b");--> statement-breakpoint
CREATE INDEX "listening_sessions_counted_idx" ON "listening_sessions" USING btree ("counted_at","id") WHERE "listening_sessions"."counted_at" is not null;