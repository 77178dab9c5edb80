ALTER TYPE "public"."track_status" ADD VALUE 'deleting';--> statement-breakpoint
-- Hand-edited: every HLS version of a track has a key and IV of its own. A key kept from
-- before belongs to the version the track has published (else the one being made).
ALTER TABLE "track_keys" ADD COLUMN "version" integer;--> statement-breakpoint
UPDATE "track_keys" SET "version" = coalesce(substring(t."master_key" from '/v([0-9]+)/master\.m3u8$')::int, t."hls_version") FROM "tracks" t WHERE t."id" = "track_keys"."track_id";--> statement-breakpoint
ALTER TABLE "track_keys" ALTER COLUMN "version" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "track_keys" DROP CONSTRAINT "track_keys_pkey";--> statement-breakpoint
ALTER TABLE "track_keys" ADD CONSTRAINT "track_keys_track_id_version_pk" PRIMARY KEY("track_id","version");--> statement-breakpoint
-- One track per file (sha-256 of the original); an upload still in progress holds no claim.
ALTER TABLE "tracks" ADD COLUMN "content_sha256" text;--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "duplicate_of" uuid;--> statement-breakpoint
ALTER TABLE "tracks" ADD CONSTRAINT "tracks_duplicate_of_tracks_id_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."tracks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tracks_content_sha256_unique" ON "tracks" USING btree ("content_sha256") WHERE "tracks"."content_sha256" is not null and "tracks"."status" <> 'uploading';
