# wsusctl-script: iis.site.state.fix mutating
# .SYNOPSIS  Starts the WSUS site (the one IISTargetWebSiteIndex names) when it is Stopped, and waits up to
#            15 s for Started. Never touches a binding.
# .NOTES     MUTATES (Start-WebSite only). wsus-catalog.md 3.1 (iis-site-state), after the connection-failures
#            article ("Verify that the Default website or WSUS Administration website is running"). Guards:
#            acts only on a Stopped site; never stops or restarts one; refuses while WAS or W3SVC is down (a
#            site cannot start without them); never changes a binding (the clients' GPO URLs depend on them).
#            A site whose port another site holds does not start: 'not_started' with IIS's error.
# Args: none
param($P)
Import-Module WebAdministration
$s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup'
$site = Get-ChildItem -Path 'IIS:\Sites' | Where-Object { [int64]$_.id -eq [int64]$s.IISTargetWebSiteIndex } | Select-Object -First 1
if (-not $site) { throw ('no IIS site has the ID ' + [string]$s.IISTargetWebSiteIndex) }
$name = [string]$site.name
$before = [string](Get-WebsiteState -Name $name).Value
if ($before -ne 'Stopped') { Write-FixResult 'unchanged' @{ state = $before } @{ state = $before } 'not_stopped'; return }
$down = @(@('WAS', 'W3SVC') | Where-Object { [string](Get-Service -Name $_).Status -ne 'Running' })
if ($down.Count) { Write-FixResult 'refused' @{ state = $before } @{ state = $before } 'dependency_not_running' ($down -join ', '); return }
$err = ''
try { Start-WebSite -Name $name } catch { $err = [string]$_.Exception.Message }
$deadline = (Get-Date).AddSeconds(15)
do { Start-Sleep -Milliseconds 500; $now = [string](Get-WebsiteState -Name $name).Value }
until ($now -eq 'Started' -or (Get-Date) -gt $deadline)
if ($now -eq 'Started') { Write-FixResult 'changed' @{ state = $before } @{ state = $now } }
else { Write-FixResult 'failed' @{ state = $before } @{ state = $now } 'not_started' $err }
