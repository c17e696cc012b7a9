# wsusctl-script: iis.reset.action mutating
# .SYNOPSIS  Runs 'iisreset /restart': stops and restarts every IIS service on the host.
# .NOTES     MUTATES, disruptive: every site on the host goes down briefly (a ConfigMgr SUP often shares
#            IIS with a management or distribution point). Approval only. wsus-catalog.md 4.1
#            (approval fixes), after the tips article's "resetting the Web service by typing iisreset".
#            Success is judged by the exit code and the W3SVC/WAS states, never by localized output
#            (about_Automatic_Variables: $LASTEXITCODE).
# Args: none
param($P)
$exe = Join-Path $env:windir 'System32\iisreset.exe'
$before = @{}; foreach ($n in 'WAS','W3SVC') { $before[$n] = [string](Get-Service -Name $n).Status }
# iisreset writes to stderr when a service fails to restart. Windows PowerShell 5.1 makes each redirected stderr
# line an error record, and under the preamble's 'Stop' the first one would end this script with iisreset's
# localized text (PowerShell/PowerShell#4002, #3996; PowerShell 7.1 changed it in PR #13361): so 'Continue' here.
$null = & { $ErrorActionPreference = 'Continue'; & $exe /restart 2>&1 }
$code = $LASTEXITCODE
$after = @{}; foreach ($n in 'WAS','W3SVC') { $after[$n] = [string](Get-Service -Name $n).Status }
$up = ($after['WAS'] -eq 'Running' -and $after['W3SVC'] -eq 'Running')
if ($code -eq 0 -and $up) { Write-FixResult 'changed' $before $after '' ([string]$code) }
else { Write-FixResult 'failed' $before $after 'exit_code' ([string]$code) }
