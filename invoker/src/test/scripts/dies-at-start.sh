#!/bin/sh
# A persistent worker that cannot start (as a script with a missing module would).
echo "dies-at-start: cannot load its function" >&2
exit 1
