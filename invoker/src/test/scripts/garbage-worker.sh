#!/bin/sh
# A persistent worker that says READY, then answers its first event with bytes that are not a
# frame of the protocol, then hangs: the invoker must fail the event, kill it and restart it.
printf '\2\0\0\0\0'
dd bs=1 count=4 of=/dev/null 2>/dev/null
printf 'garbage, not a frame'
exec sleep 1000
