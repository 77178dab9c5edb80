-- Added by hand: what search compares, on PGlite and PostgreSQL alike (no unaccent there):
-- lower case, Latin accents folded ("Théâtre" -> "theatre"), ligatures spelled out, curly
-- apostrophes straight. IMMUTABLE, so generated columns and their indexes can use it.
CREATE OR REPLACE FUNCTION mist_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
  select lower(translate(replace(replace(replace(replace(replace(replace(replace(value, 'æ', 'ae'), 'Æ', 'AE'), 'œ', 'oe'), 'Œ', 'OE'), 'ß', 'ss'), 'þ', 'th'), 'Þ', 'TH'),
    'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳØøĐđŁłıĦħŦŧ’‘ʼ`´',
    'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzsOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyOoDdLliHhTt'''''''''''))
$$;--> statement-breakpoint
DROP INDEX "albums_title_trgm";--> statement-breakpoint
DROP INDEX "artists_name_trgm";--> statement-breakpoint
DROP INDEX "tracks_title_trgm";--> statement-breakpoint
ALTER TABLE "albums" ADD COLUMN "title_folded" text GENERATED ALWAYS AS (mist_fold(title)) STORED;--> statement-breakpoint
ALTER TABLE "artists" ADD COLUMN "name_folded" text GENERATED ALWAYS AS (mist_fold(name)) STORED;--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "title_folded" text GENERATED ALWAYS AS (mist_fold(title)) STORED;--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "genre_folded" text GENERATED ALWAYS AS (mist_fold(genre)) STORED;--> statement-breakpoint
CREATE INDEX "albums_title_folded_trgm" ON "albums" USING gin ("title_folded" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "albums_title_folded_prefix" ON "albums" USING btree ("title_folded" collate "C");--> statement-breakpoint
CREATE INDEX "artists_name_folded_trgm" ON "artists" USING gin ("name_folded" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "artists_name_folded_prefix" ON "artists" USING btree ("name_folded" collate "C");--> statement-breakpoint
CREATE INDEX "tracks_title_folded_trgm" ON "tracks" USING gin ("title_folded" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "tracks_title_folded_prefix" ON "tracks" USING btree ("title_folded" collate "C");--> statement-breakpoint
CREATE INDEX "tracks_genre_folded_trgm" ON "tracks" USING gin ("genre_folded" gin_trgm_ops) WITH (fastupdate=false);