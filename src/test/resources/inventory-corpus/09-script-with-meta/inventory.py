#!/usr/bin/env python3
"""A dynamic inventory script, as a CMDB export would be: --list with _meta, tab-indented JSON."""
import json
import sys

INVENTORY = {
    "_meta": {"hostvars": {
        "wsus01.corp.example": {"ansible_host": "10.0.12.1", "site": "hq"},
        "wsus02.corp.example": {"ansible_host": "10.0.12.2", "site": "branch"},
        "wsus03.corp.example": {"ansible_port": 5985},
    }},
    "all": {"vars": {"ansible_connection": "winrm", "ansible_winrm_transport": "ntlm", "ansible_user": "svc-wsus"}},
    "wsus": {"hosts": ["wsus01.corp.example", "wsus02.corp.example", "wsus03.corp.example"],
             "vars": {"max_parallel_fixes": 1}},
    "hq": {"hosts": ["wsus01.corp.example"], "children": []},
    "windows": {"children": ["wsus"]},
}

if len(sys.argv) > 1 and sys.argv[1] == "--list":
    print(json.dumps(INVENTORY, indent="\t"))
elif len(sys.argv) > 2 and sys.argv[1] == "--host":
    print("{}")
else:
    sys.exit("usage: inventory.py --list | --host NAME")
