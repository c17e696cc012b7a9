# wsusctl-script: wsus.services.check read-only
# .SYNOPSIS  Checks the services WSUS needs: its SQL engine (flavour from the WSUS Setup registry), WAS,
#            W3SVC and WsusService. Keyed by service name (display names are localized).
# .NOTES     READ-ONLY. wsus-catalog.md 0.5 (discovery) and 4.1 (service-sql, service-iis, service-wsus),
#            after the tips article's "Some services are not running". SqlServerName: '##WID' ->
#            MSSQL$MICROSOFT##WID; local HOST -> MSSQLSERVER; local HOST\INST -> MSSQL$INST; remote -> none.
# Args: none
param($P)
$s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -ErrorAction SilentlyContinue
if (-not $s) {
  Write-Result @{ check = 'wsus.services'; status = 'not_applicable'; message = 'WSUS Setup registry key not found; WSUS role not installed' }
  return
}
$sqlName = [string]$s.SqlServerName; $sql = $null
if ($sqlName -match '##WID') { $sql = 'MSSQL$MICROSOFT##WID' } elseif ($sqlName -match '##SSEE') { $sql = 'MSSQL$MICROSOFT##SSEE' }
else {
  $hi = ($sqlName -replace '^tcp:', '' -replace ',\d+$', '') -split '\\', 2
  $local = @('.', 'localhost', '(local)', '127.0.0.1', $env:COMPUTERNAME)
  try { $local += [System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName } catch { }
  if ($local -contains $hi[0]) { $sql = $(if ($hi.Count -gt 1 -and $hi[1]) { 'MSSQL$' + $hi[1] } else { 'MSSQLSERVER' }) }
}
$names = @(@($sql, 'WAS', 'W3SVC', 'WsusService') | Where-Object { $_ })
$wmi = @{}; Get-CimInstance -ClassName Win32_Service | Where-Object { $names -contains $_.Name } | ForEach-Object { $wmi[$_.Name] = $_ }
$states = @{}; $disabled = @(); $missing = @(); $notRunning = @()
foreach ($n in $names) {
  if (-not $wmi.ContainsKey($n)) { $missing += $n; continue }
  $states[$n] = [string]$wmi[$n].State
  if ([string]$wmi[$n].StartMode -eq 'Disabled') { $disabled += $n }
  if ($states[$n] -ne 'Running') { $notRunning += $n }
}
$pending = @($notRunning | Where-Object { $states[$_] -like '*Pending' })
$status = if ($missing.Count) { 'error' } elseif ($pending.Count) { 'unknown' } elseif ($notRunning.Count) { 'drift' } else { 'ok' }
$msg = if ($missing.Count) { 'service missing (role broken?): ' + ($missing -join ', ') }
       elseif ($notRunning.Count) { 'not running: ' + ($notRunning -join ', ') } else { 'all WSUS services running' }
if ($disabled.Count) { $msg += '; disabled (left to the operator): ' + ($disabled -join ', ') }
Write-Result @{ check = 'wsus.services'; status = $status; severity = 'critical'; message = $msg
                observed = @{ sqlServerName = $sqlName; sqlService = $sql; services = $states; disabled = $disabled; missing = $missing }
                expected = @{ services = 'Running' } }
