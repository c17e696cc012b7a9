# wsusctl-script: iis.apppool.settings.fix mutating
# .SYNOPSIS  Writes the WSUS best-practice pool values that differ, in one commit (Start-WebCommitDelay /
#            Stop-WebCommitDelay): one configuration change, so one worker rotation, not one per property.
# .NOTES     MUTATES IIS configuration. wsus-catalog.md 2.4. Guards: compares first and writes only
#            attributes that differ; never lowers queueLength; never enables a limit that is 0.
#            Rapid-fail protection is only turned off when the step says rapid_fail: disable (the
#            explicit opt-in that stands for approval of this contested change). Reports whether the commit
#            rotated the worker ('rotated': Started and recycling.disallowRotationOnConfigChange false), so the
#            notified recycle does not recycle again.
# Args: pool (string), queue_length (int), rapid_fail ('leave'|'disable')
param($P)
Import-Module WebAdministration
$path = 'IIS:\AppPools\' + (Assert-SafeName ([string]$P.pool))
$pp = Get-ItemProperty -LiteralPath $path
$q = [int64]$P.queue_length
$before = @{}; $after = @{}
Start-WebCommitDelay
function Set-One([string]$name, $old, $new) {
  Set-ItemProperty -LiteralPath $path -Name $name -Value $new
  $before[$name] = [string]$old; $after[$name] = [string]$new
}
if ([int64]$pp.queueLength -lt $q) { Set-One 'queueLength' $pp.queueLength ([uint32]$q) }
if ($pp.processModel.idleTimeout -ne [TimeSpan]::Zero) { Set-One 'processModel.idleTimeout' $pp.processModel.idleTimeout ([TimeSpan]::Zero) }
if ([bool]$pp.processModel.pingingEnabled) { Set-One 'processModel.pingingEnabled' $true $false }
if ($pp.recycling.periodicRestart.time -ne [TimeSpan]::Zero) { Set-One 'recycling.periodicRestart.time' $pp.recycling.periodicRestart.time ([TimeSpan]::Zero) }
if ([int64]$pp.recycling.periodicRestart.memory -ne 0) { Set-One 'recycling.periodicRestart.memory' $pp.recycling.periodicRestart.memory ([uint32]0) }
if ([string]$P.rapid_fail -eq 'disable' -and [bool]$pp.failure.rapidFailProtection) { Set-One 'failure.rapidFailProtection' $true $false }
Stop-WebCommitDelay -Commit $true
$pp = Get-ItemProperty -LiteralPath $path
$rotated = ([string](Get-WebAppPoolState -Name ([string]$P.pool)).Value -eq 'Started') -and -not [bool]$pp.recycling.disallowRotationOnConfigChange
if ($after.Count) { $after['rotated'] = $rotated; Write-FixResult 'changed' $before $after } else { Write-FixResult 'unchanged' $before $after 'already_tuned' }
