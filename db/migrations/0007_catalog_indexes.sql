DROP INDEX "albums_title_trgm";--> statement-breakpoint
DROP INDEX "artists_name_trgm";--> statement-breakpoint
DROP INDEX "tracks_title_trgm";--> statement-breakpoint
CREATE INDEX "albums_title_trgm" ON "albums" USING gin ("title" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "artists_name_trgm" ON "artists" USING gin ("name" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "tracks_title_trgm" ON "tracks" USING gin ("title" gin_trgm_ops) WITH (fastupdate=false);