# wsusctl-script: service.running.fix mutating
# .SYNOPSIS  Starts one Stopped service (the SCM starts the services it depends on) and confirms it stays up.
# .NOTES     MUTATES. wsus-catalog.md 4.1 fix. Guards: acts only on Stopped, never on Disabled (someone
#            chose that: reported as failed), never stops or restarts anything.
# Args: name (string)
param($P)
$name = Assert-SafeName ([string]$P.name)
function Get-One { Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $name } | Select-Object -First 1 }
$svc = Get-One; $before = [string]$svc.State
if ($before -ne 'Stopped') {
  Write-Result @{ schema = 'wsusctl.fix/1'; check = 'service.running'; action = 'unchanged'
                  before = @{ state = $before }; after = @{ state = $before }; message = ('service was ' + $before) }
  return
}
if ([string]$svc.StartMode -eq 'Disabled') {
  Write-Result @{ schema = 'wsusctl.fix/1'; check = 'service.running'; action = 'failed'
                  before = @{ state = $before }; after = @{ state = $before }
                  message = ('service ' + $name + ' is Disabled; not started (enable it deliberately)') }
  return
}
try { Start-Service -Name $name; (Get-Service -Name $name).WaitForStatus('Running', [TimeSpan]::FromSeconds(90)) } catch { }
Start-Sleep -Seconds 3
$now = [string](Get-One).State
$action = if ($now -eq 'Running') { 'changed' } else { 'failed' }
$msg = if ($now -eq 'Running') { 'service started' } else { 'service is ' + $now + ' after start (see the event log)' }
Write-Result @{ schema = 'wsusctl.fix/1'; check = 'service.running'; action = $action
                before = @{ state = $before }; after = @{ state = $now }; message = $msg }
