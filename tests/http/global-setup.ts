import { buildIfNeeded } from '../../scripts/lib/build.mjs';

/** The HTTP suites run against the built standalone server, as users and Docker run it. */
export default function setup() {
  buildIfNeeded();
}
