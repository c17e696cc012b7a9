#!/bin/sh
# An old-style dynamic inventory without _meta: Ansible asks --host NAME for each host.
case "$1" in
--list)
    echo '{"wsus": ["wsus01.corp.example", "wsus02.corp.example"], "all": {"vars": {"ansible_connection": "winrm"}}}'
    ;;
--host)
    case "$2" in
    wsus01.corp.example) echo '{"ansible_port": 5986, "ansible_winrm_transport": "ntlm", "ansible_user": "a"}' ;;
    wsus02.corp.example) echo '{"ansible_port": 5985, "ansible_winrm_transport": "ntlm", "ansible_user": "b"}' ;;
    *) echo '{}' ;;
    esac
    ;;
*) echo "usage: $0 --list | --host NAME" >&2; exit 2 ;;
esac
