# wsusctl-script: facts.configmgr read-only
# .SYNOPSIS  Facts: whether this WSUS server is a Configuration Manager software update point: the registry
#            keys of ConfigMgr's WSUS Control Manager (the SUP component that runs on the WSUS server) and the
#            WSUSCtrl.log it writes. No verdict.
# .NOTES     READ-ONLY (registry). wsus-catalog.md 8 (configmgr-sync-pointer) and 6.2 (never start a sync on a
#            SUP). The SMS_EXECUTIVE thread key is how Microsoft's jonasatgit/scriptrepo
#            Security/Test-ConfigMgrTlsConfiguration.ps1 (Test-SoftwareUpdatePointAndWSUS) detects a SUP; the
#            tracing key's TraceFileName is WSUSCtrl.log, listed in Microsoft's Configuration Manager log-files
#            reference (MicrosoftDocs/memdocs, configmgr/core/plan-design/hierarchy/log-files.md).
# Args: none
param($P)
$thread = 'HKLM:\SOFTWARE\Microsoft\SMS\Components\SMS_EXECUTIVE\Threads\SMS_WSUS_CONTROL_MANAGER'
$t = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\SMS\Tracing\SMS_WSUS_CONTROL_MANAGER' -ErrorAction SilentlyContinue
Write-Facts @{
  controlManager = [bool](Test-Path -LiteralPath $thread)
  tracing = [bool]($null -ne $t)
  logFile = (Get-NullableString $t.TraceFileName)
}
