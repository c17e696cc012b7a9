# wsusctl-script: evidence.logs.check read-only
# .SYNOPSIS  Collects evidence for the report: the tail of SoftwareDistribution.log and recent Error events
#            from WSUS (Application log) and WAS (System log), bounded by 'lines' and 'max_bytes'.
# .NOTES     READ-ONLY. wsus-catalog.md 6.3 and 6.4 (wsus-logs, wsus-health-events), after the tips article,
#            which points at SoftwareDistribution.log and the event logs. Events are matched by provider
#            and level, never by localized text; an empty event query is not an error (P12).
# Args: lines (int), max_bytes (int), hours (int)
param($P)
$n = [int]$P.lines; $max = [int]$P.max_bytes
$root = if ($env:ProgramW6432) { $env:ProgramW6432 } else { $env:ProgramFiles }
$f = Join-Path $root 'Update Services\LogFiles\SoftwareDistribution.log'
$tail = @(); if (Test-Path -LiteralPath $f) { $tail = @(Get-Content -LiteralPath $f -Tail $n | ForEach-Object { [string]$_ }) }
$events = @()
foreach ($q in @(@{ LogName = 'Application'; ProviderName = 'Windows Server Update Services' }, @{ LogName = 'System'; ProviderName = 'Microsoft-Windows-WAS' })) {
  $q['Level'] = 2; $q['StartTime'] = (Get-Date).AddHours(-[int]$P.hours)
  try { $events += @(Get-WinEvent -FilterHashtable $q -MaxEvents $n -ErrorAction Stop | ForEach-Object {
          $_.TimeCreated.ToUniversalTime().ToString('o') + ' ' + $_.ProviderName + ' ' + $_.Id + ': ' + (([string]$_.Message) -split "`n")[0].Trim() }) }
  catch { if ($_.FullyQualifiedErrorId -notlike 'NoMatchingEventsFound*') { $events += 'query ' + $q.LogName + ' failed: ' + $_.Exception.Message } }
}
$left = @{ bytes = $max }
function Limit($list) { $out = @(); foreach ($l in @($list)) { if ($left.bytes -lt $l.Length) { break }; $left.bytes -= $l.Length; $out += $l }; return ,$out }
$tailOut = Limit $tail
$eventOut = Limit $events
Write-Result @{ check = 'evidence.logs'; status = 'ok'; severity = 'info'
                observed = @{ logFile = $f; logPresent = (Test-Path -LiteralPath $f); logTail = $tailOut; eventErrors = $eventOut
                              truncated = ($tailOut.Count -lt $tail.Count -or $eventOut.Count -lt $events.Count) }
                message = ('' + $tailOut.Count + ' log lines, ' + $eventOut.Count + ' error events in the last ' + $P.hours + ' h') }
