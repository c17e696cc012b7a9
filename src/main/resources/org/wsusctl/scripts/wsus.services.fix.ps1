# wsusctl-script: wsus.services.fix mutating
# .SYNOPSIS  Starts the stopped WSUS services in dependency order: SQL engine, WAS, W3SVC, WsusService.
# .NOTES     MUTATES (starts services only). wsus-catalog.md 4.1 fix. Guards: starts only Stopped
#            services, never stops anything, never changes a start mode: Disabled services are skipped
#            and reported. A service that stops again within a few seconds (WsusService without its
#            database) is reported as failed.
# Args: none
param($P)
$s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup'
$sqlName = [string]$s.SqlServerName; $sql = $null
if ($sqlName -match '##WID') { $sql = 'MSSQL$MICROSOFT##WID' } elseif ($sqlName -match '##SSEE') { $sql = 'MSSQL$MICROSOFT##SSEE' }
else {
  $hi = ($sqlName -replace '^tcp:', '' -replace ',\d+$', '') -split '\\', 2
  $local = @('.', 'localhost', '(local)', '127.0.0.1', $env:COMPUTERNAME)
  try { $local += [System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName } catch { }
  if ($local -contains $hi[0]) { $sql = $(if ($hi.Count -gt 1 -and $hi[1]) { 'MSSQL$' + $hi[1] } else { 'MSSQLSERVER' }) }
}
$names = @(@($sql, 'WAS', 'W3SVC', 'WsusService') | Where-Object { $_ })
function Get-States { $h = @{}; Get-CimInstance -ClassName Win32_Service | Where-Object { $names -contains $_.Name } |
  ForEach-Object { $h[$_.Name] = @{ state = [string]$_.State; mode = [string]$_.StartMode } }; return $h }
$b = Get-States; $before = @{}; foreach ($k in $b.Keys) { $before[$k] = $b[$k].state }
$tried = @(); $skipped = @()
foreach ($n in $names) {
  $cur = Get-States
  if (-not $cur.ContainsKey($n) -or $cur[$n].state -ne 'Stopped') { continue }
  if ($cur[$n].mode -eq 'Disabled') { $skipped += $n; continue }
  try { Start-Service -Name $n; (Get-Service -Name $n).WaitForStatus('Running', [TimeSpan]::FromSeconds(90)) } catch { }
  $tried += $n
}
if ($tried.Count) { Start-Sleep -Seconds 3 }
$a = Get-States; $after = @{}; foreach ($k in $a.Keys) { $after[$k] = $a[$k].state }
# Started means running now: WsusService without its database starts and stops again, and is not 'started'.
$started = @($tried | Where-Object { $after[$_] -eq 'Running' })
$down = @($names | Where-Object { $after[$_] -ne 'Running' })
$action = if ($down.Count) { 'failed' } elseif ($started.Count) { 'changed' } else { 'unchanged' }
$msg = if ($started.Count) { 'started ' + ($started -join ', ') } else { 'nothing started' }
if ($down.Count) { $msg += '; still not running: ' + ($down -join ', ') }
if ($skipped.Count) { $msg += '; disabled, skipped: ' + ($skipped -join ', ') }
# Nested under 'services' as in the check's observed value, so before and after compare key for key.
Write-Result @{ schema = 'wsusctl.fix/1'; check = 'wsus.services'; action = $action
                before = @{ services = $before }; after = @{ services = $after }; message = $msg }
