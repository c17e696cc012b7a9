# wsusctl-script: facts.wsus.health read-only
# .SYNOPSIS  Facts: what WSUS's health monitor wrote to the Application log (provider 'Windows Server Update
#            Services', ids 12002-12072 and 13042) within 'hours', or, with checkhealth, since it ran
#            'wsusutil checkhealth' now. No verdict.
# .NOTES     READ-ONLY, except that checkhealth (opt-in, never by default, not even in audit: P16) makes WSUS
#            write health events and can take minutes; it is bounded by checkhealth_timeout_seconds.
#            wsus-catalog.md 6.3 (wsus-health-events), after the sync troubleshooting article ("run wsusutil
#            checkhealth, then review the Application log") and Microsoft's WSUS tools reference (WsusUtil.exe in
#            Update Services\Tools). Events are matched by provider, id and level, never by localized text (P6);
#            ids are filtered here, not in the query (FilterHashtable's Id takes few values); no matching events
#            is not an error (P12).
# Args: hours (int), checkhealth (bool), checkhealth_timeout_seconds (int)
param($P)
$ran = $false; $exit = $null; $timedOut = $false; $chError = $null
$since = (Get-Date).AddHours(-[int]$P.hours)
if ($P.checkhealth -eq $true) {
  $root = if ($env:ProgramW6432) { $env:ProgramW6432 } else { $env:ProgramFiles }
  $exe = Join-Path $root 'Update Services\Tools\WsusUtil.exe'
  if (Test-Path -LiteralPath $exe) {
    $since = Get-Date; $ran = $true
    $si = New-Object System.Diagnostics.ProcessStartInfo $exe, 'checkhealth'
    $si.UseShellExecute = $false; $si.CreateNoWindow = $true
    $pr = [System.Diagnostics.Process]::Start($si)
    if ($pr.WaitForExit([int]$P.checkhealth_timeout_seconds * 1000)) { $exit = $pr.ExitCode } else { $timedOut = $true }
    [System.Threading.Thread]::Sleep(5000)   # a pause, not a change: events may land just after it exits (6.3)
  } else { $chError = 'WsusUtil.exe not found: ' + $exe }
}
$events = @(); $queryError = $null
try {
  $q = @{ LogName = 'Application'; ProviderName = 'Windows Server Update Services'; StartTime = $since }
  $events = @(Get-WinEvent -FilterHashtable $q -MaxEvents 500 -ErrorAction Stop |
    Where-Object { ($_.Id -ge 12002 -and $_.Id -le 12072) -or $_.Id -eq 13042 })
} catch { if ($_.FullyQualifiedErrorId -notlike 'NoMatchingEventsFound*') { $queryError = [string]$_.Exception.Message } }
$items = @(foreach ($e in $events) {
  $msg = (([string]$e.Message) -split "`n")[0].Trim(); if ($msg.Length -gt 300) { $msg = $msg.Substring(0, 300) }
  New-FactItem @{ timeUtc = [string]$e.TimeCreated.ToUniversalTime().ToString('o'); id = [int64]$e.Id
                  level = [int64]$e.Level; message = [string]$msg }
})
Write-Facts @{
  checkhealthRan = [bool]$ran
  checkhealthExitCode = (Get-NullableInt64 $exit)
  checkhealthTimedOut = [bool]$timedOut
  checkhealthError = (Get-NullableString $chError)
  sinceUtc = [string]$since.ToUniversalTime().ToString('o')
  events = [object[]]$items
  queryError = (Get-NullableString $queryError)
}
