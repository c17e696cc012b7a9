# wsusctl-script: facts.iis.pool read-only
# .SYNOPSIS  Facts: one IIS application pool as the IIS provider shows it: whether it exists, its state,
#            its private-memory limit and the settings of Microsoft's best-practices article. When it
#            does not exist, the rest is null. No verdict.
# .NOTES     READ-ONLY. wsus-catalog.md 2.1, 2.2 and 2.4. Reading the IIS provider needs WAS: wsusctl
#            judges this section only once the service facts show WAS running.
# Args: pool (string)
param($P)
Import-Module WebAdministration
$pool = Assert-SafeName ([string]$P.pool)
$path = 'IIS:\AppPools\' + $pool
$exists = Test-Path -LiteralPath $path
$pp = $null; $state = $null
if ($exists) { $pp = Get-ItemProperty -LiteralPath $path; $state = (Get-WebAppPoolState -Name $pool).Value }
Write-Facts @{
  pool = [string]$pool
  exists = [bool]$exists
  state = (Get-NullableString $state)
  privateMemoryKb = (Get-NullableInt64 $pp.recycling.periodicRestart.privateMemory)
  queueLength = (Get-NullableInt64 $pp.queueLength)
  idleTimeoutMin = (Get-NullableDouble $pp.processModel.idleTimeout.TotalMinutes)
  pingingEnabled = (Get-NullableBool $pp.processModel.pingingEnabled)
  periodicRestartMin = (Get-NullableDouble $pp.recycling.periodicRestart.time.TotalMinutes)
  virtualMemoryKb = (Get-NullableInt64 $pp.recycling.periodicRestart.memory)
  rapidFailProtection = (Get-NullableBool $pp.failure.rapidFailProtection)
  rapidFailMaxCrashes = (Get-NullableInt64 $pp.failure.rapidFailProtectionMaxCrashes)
  rapidFailIntervalMin = (Get-NullableDouble $pp.failure.rapidFailProtectionInterval.TotalMinutes)
  loadBalancerCapabilities = (Get-NullableString $pp.failure.loadBalancerCapabilities)
}
