# Runs one or more wsusctl scripts ("units") in one Windows PowerShell (3.0+) process, so a host costs
# one PowerShell start-up per pass. wsusctl puts the wire contract's constants ($script:WsusctlPrefix, the
# schema ids, the name patterns) above these lines. Each unit receives its arguments as hex of ASCII JSON
# (never pasted into code) and prints exactly one line: the prefix followed by ASCII-only JSON. Check
# scripts print facts only (Write-Facts), never a verdict or a message; fixes print their outcome and the
# values their guard read (Write-FixResult). A unit that throws still prints one line (the error schema),
# so one failing section cannot hide the others.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$script:WsusctlUnit = ''
$script:WsusctlApi = $null

function ConvertTo-WsusctlJson($Object) {
  $json = ConvertTo-Json -InputObject $Object -Depth 8 -Compress
  # The WinRM client decodes output with a fixed code page; escape everything outside ASCII.
  return [regex]::Replace($json, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
}

function Write-WsusctlLine([hashtable]$R) {
  $R['unit'] = $script:WsusctlUnit
  Write-Output ($script:WsusctlPrefix + (ConvertTo-WsusctlJson $R))
}

# Facts of one section. Every value is marked with its type: a cast ([string], [int64], [bool], [double],
# [string[]], [object[]]) or a Get-Nullable* call for a fact that may be null; wsusctl's contract test holds
# these names and types against the ones the runner declares.
function Write-Facts([hashtable]$Facts) {
  Write-WsusctlLine @{ schema = $script:WsusctlFactsSchema; collectedUtc = [datetime]::UtcNow.ToString('o'); facts = $Facts }
}

# One object of a list fact (services, clients, events).
function New-FactItem([hashtable]$Item) { return $Item }

function Write-FixResult([string]$Outcome, [hashtable]$Before, [hashtable]$After, [string]$Reason = '', [string]$Detail = '') {
  Write-WsusctlLine @{ schema = $script:WsusctlFixSchema; outcome = $Outcome; before = $Before; after = $After
                       reason = $Reason; detail = $Detail }
}

# [int64]$null is 0 and [string]$null is '': facts that may be absent keep their null (and SQL's DBNull).
function Get-NullableString($V) { if ($null -eq $V -or $V -is [DBNull]) { return $null }; return [string]$V }
function Get-NullableInt64($V) { if ($null -eq $V -or $V -is [DBNull]) { return $null }; return [int64]$V }
function Get-NullableDouble($V) { if ($null -eq $V -or $V -is [DBNull]) { return $null }; return [double]$V }
function Get-NullableBool($V) { if ($null -eq $V -or $V -is [DBNull]) { return $null }; return [bool]$V }

function Assert-SafeName([string]$Name) {
  # Pool, site and service names end up in provider paths and filters; allow only what such names use.
  if ($Name -cnotmatch $script:WsusctlSafeName) { throw 'unsafe name rejected' }
  return $Name
}

function Assert-Account([string]$Name) {
  if ($Name -and $Name -cnotmatch $script:WsusctlAccount) { throw 'unsafe login rejected' }
  return $Name
}

# The WSUS API, loaded and connected once per process however many sections read it (loading the
# UpdateServices assembly and connecting takes seconds on a real server).
function Get-WsusctlApi {
  if ($null -eq $script:WsusctlApi) {
    try {
      Import-Module UpdateServices
      $script:WsusctlApi = @{ Server = (Get-WsusServer); Error = $null }
    } catch { $script:WsusctlApi = @{ Server = $null; Error = [string]$_.Exception.Message } }
  }
  return $script:WsusctlApi
}

# The launcher side of a batch (PsInvocation, PsLauncher): arguments arrive as hex of ASCII JSON, so the only
# characters spliced into the script are 0-9 and a-f. Decoded with [Convert]::ToByte, nothing that PowerShell
# or endpoint detection treats as a payload decoder.
function ConvertFrom-WsusctlHex([string]$Hex) {
  if ($Hex.Length -band 1) { throw 'arguments: odd number of hex digits' }
  $bytes = New-Object byte[] ($Hex.Length / 2)
  for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = [Convert]::ToByte($Hex.Substring(2 * $i, 2), 16) }
  return [Text.Encoding]::UTF8.GetString($bytes)
}

function Invoke-WsusctlUnit([string]$Unit, [string]$ArgsHex, [scriptblock]$Body) {
  $script:WsusctlUnit = $Unit
  try {
    $P = ConvertFrom-WsusctlHex $ArgsHex | ConvertFrom-Json
    & $Body $P
  } catch {
    Write-WsusctlLine @{ schema = $script:WsusctlErrorSchema; message = [string]$_.Exception.Message }
  }
}
