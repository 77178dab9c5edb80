// npm run build: always builds the standalone server.
import { build } from './lib/build.mjs';

build();
