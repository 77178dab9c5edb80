ALTER TYPE "public"."track_status" ADD VALUE 'deleting';--> statement-breakpoint
-- Hand-edited: every HLS version of a track has a key and IV of its own. A key kept from
-- before belongs to the version the track has published (else the one being made).
ALTER TABLE "track_keys" ADD COLUMN "version" integer;--> statement-breakpoint
UPDATE "track_keys" SET "version" = coalesce(substring(t."master_key" from '/v([0-9]+)/master\.m3u8$')::int, t."hls_version") FROM "tracks" t WHERE t."id" = "track_keys"."track_id";--> statement-breakpoint
ALTER TABLE "track_keys" ALTER COLUMN "version" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "track_keys" DROP CONSTRAINT "track_keys_pkey";--> statement-breakpoint
ALTER TABLE "track_keys" ADD CONSTRAINT "track_keys_track_id_version_pk" PRIMARY KEY("track_id","version");
