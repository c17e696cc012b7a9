# wsusctl-script: facts.evidence read-only
# .SYNOPSIS  Facts for the report: the tail of SoftwareDistribution.log and recent Error events from
#            WSUS (Application log) and WAS (System log), within 'lines' and 'max_bytes'.
# .NOTES     READ-ONLY. wsus-catalog.md 6.3 and 6.4 (wsus-logs, wsus-health-events), after the tips
#            article, which points at SoftwareDistribution.log and the event logs. Events are matched by
#            provider and level, never by localized text; no matching events is not an error (P12).
# Args: lines (int), max_bytes (int), hours (int)
param($P)
$n = [int]$P.lines; $left = [int]$P.max_bytes
$root = if ($env:ProgramW6432) { $env:ProgramW6432 } else { $env:ProgramFiles }
$f = Join-Path $root 'Update Services\LogFiles\SoftwareDistribution.log'
$present = Test-Path -LiteralPath $f
$tail = @(); if ($present) { $tail = @(Get-Content -LiteralPath $f -Tail $n | ForEach-Object { [string]$_ }) }
$events = @(); $queryErrors = @(); $truncated = $false
foreach ($q in @(@{ LogName = 'Application'; ProviderName = 'Windows Server Update Services' }, @{ LogName = 'System'; ProviderName = 'Microsoft-Windows-WAS' })) {
  $q['Level'] = 2; $q['StartTime'] = (Get-Date).AddHours(-[int]$P.hours)
  try { $events += @(Get-WinEvent -FilterHashtable $q -MaxEvents $n -ErrorAction Stop) }
  catch { if ($_.FullyQualifiedErrorId -notlike 'NoMatchingEventsFound*') { $queryErrors += [string]($q.LogName + ': ' + $_.Exception.Message) } }
}
$tailOut = @(); foreach ($l in $tail) { if ($left -lt $l.Length) { $truncated = $true; break }; $left -= $l.Length; $tailOut += $l }
$eventOut = @()
foreach ($e in $events) {
  $msg = (([string]$e.Message) -split "`n")[0].Trim()
  if ($left -lt $msg.Length) { $truncated = $true; break }; $left -= $msg.Length
  $eventOut += New-FactItem @{ timeUtc = [string]$e.TimeCreated.ToUniversalTime().ToString('o'); log = [string]$e.LogName
                               provider = [string]$e.ProviderName; id = [int64]$e.Id; message = [string]$msg }
}
Write-Facts @{
  logFile = [string]$f
  logPresent = [bool]$present
  logTail = [string[]]$tailOut
  events = [object[]]$eventOut
  queryErrors = [string[]]$queryErrors
  truncated = [bool]$truncated
}
