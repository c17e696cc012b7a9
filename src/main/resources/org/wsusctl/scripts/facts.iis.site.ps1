# wsusctl-script: facts.iis.site read-only
# .SYNOPSIS  Facts: the IIS site WSUS installed itself in, found by IISTargetWebSiteIndex of the WSUS Setup
#            key (by ID: the "Default Web Site" name is localized), its state, its bindings and its Selfupdate
#            virtual directory or application. No verdict: wsusctl compares the bindings with PortNumber.
# .NOTES     READ-ONLY. wsus-catalog.md 3.1 (iis-site-state) and 3.3 (selfupdate-vdir), after the connection-
#            failures article ("Verify that the Default website or WSUS Administration website is running") and
#            the tips article, which lists Selfupdate first among the services to check. The IIS provider needs
#            WAS, the runtime state W3SVC too: a state that cannot be read is null with the provider's error,
#            judged by wsusctl against the service facts (P1, P6).
# Args: none
param($P)
Import-Module WebAdministration
$s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -ErrorAction SilentlyContinue
$site = $null
if ($s -and $null -ne $s.IISTargetWebSiteIndex) {
  $site = Get-ChildItem -Path 'IIS:\Sites' | Where-Object { [int64]$_.id -eq [int64]$s.IISTargetWebSiteIndex } | Select-Object -First 1
}
$name = $null; $state = $null; $stateError = $null; $bindings = @(); $suExists = $null; $suPath = $null
if ($site) {
  $name = [string]$site.name
  try { $state = [string](Get-WebsiteState -Name $name).Value } catch { $stateError = [string]$_.Exception.Message }
  $bindings = @($site.bindings.Collection | ForEach-Object { [string]('{0} {1}' -f $_.protocol, $_.bindingInformation) })
  $vd = Get-WebVirtualDirectory -Site $name -Name 'Selfupdate' -ErrorAction SilentlyContinue
  $app = Get-WebApplication -Site $name -Name 'Selfupdate' -ErrorAction SilentlyContinue
  $found = @(@($vd) + @($app) | Where-Object { $_ })
  $suExists = $found.Count -gt 0
  if ($found.Count) { $suPath = $found[0].physicalPath }
}
Write-Facts @{
  exists = [bool]($null -ne $site)
  name = (Get-NullableString $name)
  state = (Get-NullableString $state)
  stateError = (Get-NullableString $stateError)
  bindings = [string[]]$bindings
  selfupdateExists = (Get-NullableBool $suExists)
  selfupdatePath = (Get-NullableString $suPath)
}
