ALTER TABLE "playlists" ADD COLUMN "name_folded" text GENERATED ALWAYS AS (mist_fold(name)) STORED;--> statement-breakpoint
CREATE INDEX "albums_created_keyset" ON "albums" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "albums_title_keyset" ON "albums" USING btree ("title_folded" collate "C","id");--> statement-breakpoint
CREATE INDEX "albums_year_keyset" ON "albums" USING btree ((-coalesce("year", -1)),"title_folded" collate "C","id");--> statement-breakpoint
CREATE INDEX "albums_artist_keyset" ON "albums" USING btree ("artist_id","title_folded" collate "C","id");--> statement-breakpoint
CREATE INDEX "artists_name_keyset" ON "artists" USING btree ("name_folded" collate "C","id");--> statement-breakpoint
CREATE INDEX "tracks_ready_artist_idx" ON "tracks" USING btree ("artist_id","album_id") WHERE "tracks"."status" = 'ready';--> statement-breakpoint
CREATE INDEX "tracks_genre_keyset" ON "tracks" USING btree ("genre_folded","title_folded" collate "C","id") WHERE "tracks"."status" = 'ready' and "tracks"."genre_folded" is not null;--> statement-breakpoint
CREATE INDEX "playlists_name_folded_trgm" ON "playlists" USING gin ("name_folded" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "playlists_name_folded_prefix" ON "playlists" USING btree ("name_folded" collate "C");