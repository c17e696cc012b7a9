#!/usr/bin/env python3
# Prints something that is not JSON.
print("wsus01.corp.example\nwsus02.corp.example")
