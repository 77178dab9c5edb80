CREATE TABLE "artist_counts" (
	"artist_id" uuid PRIMARY KEY NOT NULL,
	"name_folded" text NOT NULL,
	"track_count" integer NOT NULL,
	"album_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "genre_counts" (
	"genre_folded" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"track_count" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "playlists" ADD COLUMN "name_folded" text GENERATED ALWAYS AS (mist_fold(name)) STORED;--> statement-breakpoint
ALTER TABLE "artist_counts" ADD CONSTRAINT "artist_counts_artist_id_artists_id_fk" FOREIGN KEY ("artist_id") REFERENCES "public"."artists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "artist_counts_tracks_keyset" ON "artist_counts" USING btree ((-"track_count"),"name_folded" collate "C","artist_id");--> statement-breakpoint
CREATE INDEX "albums_created_keyset" ON "albums" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "albums_title_keyset" ON "albums" USING btree ("title_folded" collate "C","id");--> statement-breakpoint
CREATE INDEX "albums_year_keyset" ON "albums" USING btree ((-coalesce("year", -1)),"title_folded" collate "C","id");--> statement-breakpoint
CREATE INDEX "albums_artist_keyset" ON "albums" USING btree ("artist_id","title_folded" collate "C","id");--> statement-breakpoint
CREATE INDEX "artists_name_keyset" ON "artists" USING btree ("name_folded" collate "C","id");--> statement-breakpoint
CREATE INDEX "tracks_ready_artist_idx" ON "tracks" USING btree ("artist_id","album_id") WHERE "tracks"."status" = 'ready';--> statement-breakpoint
CREATE INDEX "tracks_genre_keyset" ON "tracks" USING btree ("genre_folded","title_folded" collate "C","id") WHERE "tracks"."status" = 'ready' and "tracks"."genre_folded" is not null;--> statement-breakpoint
CREATE INDEX "playlists_name_folded_trgm" ON "playlists" USING gin ("name_folded" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "playlists_name_folded_prefix" ON "playlists" USING btree ("name_folded" collate "C");--> statement-breakpoint
-- Added by hand: artist_counts and genre_counts follow the ready tracks. Each statement on
-- tracks recounts the artists and genres whose ready tracks it changed (statement triggers
-- with transition tables: a bulk insert of 2,000 tracks recounts each artist once). The
-- advisory lock per artist or genre, taken before counting, makes two transactions that
-- change one artist's tracks at once count one after the other: the second counts after the
-- first committed (READ COMMITTED: a new snapshot per statement), so no count goes stale.
CREATE FUNCTION mist_recount_artists(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('mist_artist_counts'), hashtext(id::text)) FROM (SELECT DISTINCT unnest(ids) AS id ORDER BY 1) i;
  INSERT INTO artist_counts (artist_id, name_folded, track_count, album_count)
  SELECT a.id, coalesce(a.name_folded, ''), c.tracks, c.albums FROM artists a
  CROSS JOIN LATERAL (SELECT count(*)::int AS tracks, count(DISTINCT t.album_id)::int AS albums FROM tracks t WHERE t.artist_id = a.id AND t.status = 'ready') c
  WHERE a.id = ANY (ids)
  ON CONFLICT (artist_id) DO UPDATE SET track_count = excluded.track_count, album_count = excluded.album_count, name_folded = excluded.name_folded;
END $$;--> statement-breakpoint
CREATE FUNCTION mist_recount_genres(keys text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(keys), 0) = 0 THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('mist_genre_counts'), hashtext(k)) FROM (SELECT DISTINCT unnest(keys) AS k ORDER BY 1) g;
  DELETE FROM genre_counts WHERE genre_folded = ANY (keys);
  INSERT INTO genre_counts (genre_folded, name, track_count)
  SELECT t.genre_folded, mode() WITHIN GROUP (ORDER BY t.genre), count(*)::int FROM tracks t
  WHERE t.status = 'ready' AND t.genre_folded = ANY (keys) AND t.genre_folded <> ''
  GROUP BY t.genre_folded;
END $$;--> statement-breakpoint
CREATE FUNCTION mist_tracks_library_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM mist_recount_artists(array(SELECT DISTINCT artist_id FROM new_rows WHERE status = 'ready' AND artist_id IS NOT NULL));
    PERFORM mist_recount_genres(array(SELECT DISTINCT genre_folded FROM new_rows WHERE status = 'ready' AND genre_folded IS NOT NULL));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM mist_recount_artists(array(SELECT DISTINCT artist_id FROM old_rows WHERE status = 'ready' AND artist_id IS NOT NULL));
    PERFORM mist_recount_genres(array(SELECT DISTINCT genre_folded FROM old_rows WHERE status = 'ready' AND genre_folded IS NOT NULL));
  ELSE
    PERFORM mist_recount_artists(array(
      SELECT DISTINCT v.id FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o.artist_id), (n.artist_id)) v(id)
      WHERE v.id IS NOT NULL AND (o.status = 'ready' OR n.status = 'ready')
        AND (o.status IS DISTINCT FROM n.status OR o.artist_id IS DISTINCT FROM n.artist_id OR o.album_id IS DISTINCT FROM n.album_id)));
    PERFORM mist_recount_genres(array(
      SELECT DISTINCT v.k FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o.genre_folded), (n.genre_folded)) v(k)
      WHERE v.k IS NOT NULL AND (o.status = 'ready' OR n.status = 'ready')
        AND (o.status IS DISTINCT FROM n.status OR o.genre IS DISTINCT FROM n.genre)));
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER tracks_library_counts_insert AFTER INSERT ON tracks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mist_tracks_library_counts();--> statement-breakpoint
CREATE TRIGGER tracks_library_counts_update AFTER UPDATE ON tracks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mist_tracks_library_counts();--> statement-breakpoint
CREATE TRIGGER tracks_library_counts_delete AFTER DELETE ON tracks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mist_tracks_library_counts();--> statement-breakpoint
SELECT mist_recount_artists(array(SELECT id FROM artists));--> statement-breakpoint
SELECT mist_recount_genres(array(SELECT DISTINCT genre_folded FROM tracks WHERE genre_folded IS NOT NULL));
