#!/bin/sh
# A persistent worker that never says READY.
exec sleep 1000
