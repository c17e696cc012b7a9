#!/bin/sh
# Ansible reads the --list shape only from a program: this one prints the saved file.
if [ "$1" = "--list" ]; then cat "$(dirname "$0")/inventory.json"; else echo '{}'; fi
