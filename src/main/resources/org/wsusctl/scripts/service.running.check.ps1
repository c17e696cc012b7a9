# wsusctl-script: service.running.check read-only
# .SYNOPSIS  Checks that one Windows service (by service name, not the localized display name) runs.
# .NOTES     READ-ONLY. wsus-catalog.md 4.1 (service-* checks, one service). Pending states are
#            'unknown' (re-check later); a Disabled service is reported as such.
# Args: name (string)
param($P)
$name = Assert-SafeName ([string]$P.name)
$svc = Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $name } | Select-Object -First 1
if (-not $svc) {
  Write-Result @{ check = 'service.running'; status = 'error'; observed = @{ name = $name; present = $false }
                  message = ('service ' + $name + ' not found') }
  return
}
$state = [string]$svc.State; $mode = [string]$svc.StartMode
$status = if ($state -eq 'Running') { 'ok' } elseif ($state -like '*Pending') { 'unknown' } else { 'drift' }
Write-Result @{ check = 'service.running'; status = $status; severity = 'critical'
                observed = @{ name = $name; present = $true; state = $state; startMode = $mode }
                expected = @{ state = 'Running' }; message = ('service ' + $name + ' is ' + $state + ' (' + $mode + ')') }
