-- Added by hand: typo-tolerant search (drizzle-kit cannot emit CREATE EXTENSION).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "albums_title_trgm" ON "albums" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "artists_name_trgm" ON "artists" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tracks_title_trgm" ON "tracks" USING gin ("title" gin_trgm_ops);