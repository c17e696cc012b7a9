# wsusctl-script: services.start mutating
# .SYNOPSIS  Starts the services named, in the order given (wsusctl orders them: SQL, WAS, W3SVC, then
#            WsusService), and proves they stay up: each must still run after soak_seconds, and WsusService
#            must not have logged event 507 since the fix began.
# .NOTES     MUTATES (starts services only). wsus-catalog.md 4.1 fix, after the tips article's "Some
#            services are not running". Guards: re-reads each service and starts it only when it is
#            Stopped; never starts a Disabled one (someone chose that); never stops anything; never changes
#            a start mode. WsusService without its database starts, runs a while and stops (event 507,
#            "Update Services failed its initialization and stopped"): that is a failure, never 'changed'.
# Args: names (string[]), soak_seconds (int)
param($P)
$names = @(@($P.names) | ForEach-Object { Assert-SafeName ([string]$_) })
function Get-States { $h = @{}; Get-CimInstance -ClassName Win32_Service | Where-Object { $names -contains $_.Name } |
  ForEach-Object { $h[$_.Name] = @{ state = [string]$_.State; mode = [string]$_.StartMode } }; return $h }
$b = Get-States; $before = @{}; foreach ($k in $b.Keys) { $before[$k] = $b[$k].state }
$began = Get-Date
$started = @(); $disabled = @(); $skipped = @()
foreach ($n in $names) {
  $cur = Get-States
  if (-not $cur.ContainsKey($n) -or $cur[$n].state -ne 'Stopped') { $skipped += $n; continue }
  if ($cur[$n].mode -eq 'Disabled') { $disabled += $n; continue }
  try { Start-Service -Name $n; (Get-Service -Name $n).WaitForStatus('Running', [TimeSpan]::FromSeconds(90)) } catch { }
  $started += $n
}
if ($started.Count) { Start-Sleep -Seconds ([int]$P.soak_seconds) }
$a = Get-States; $after = @{}; foreach ($k in $a.Keys) { $after[$k] = $a[$k].state }
$down = @($started | Where-Object { $after[$_] -ne 'Running' })
if ($started -contains 'WsusService' -and @(Get-WsusctlEventsSince $began 'Application' 'Windows Server Update Services' @(507)).Count) {
  $down = @($down + 'WsusService (event 507)' | Where-Object { $_ -ne 'WsusService' })
}
if ($down.Count) { Write-FixResult 'failed' $before $after 'still_not_running' ($down -join ', ') }
elseif ($started.Count) { Write-FixResult 'changed' $before $after }
elseif ($disabled.Count) { Write-FixResult 'refused' $before $after 'disabled' ($disabled -join ', ') }
else { Write-FixResult 'unchanged' $before $after 'not_stopped' ($skipped -join ', ') }
