# wsusctl-batch/1
# Runs one or more wsusctl scripts ("units") in one Windows PowerShell (3.0+) process, so a host costs
# one PowerShell start-up per run. Each unit receives its arguments as base64 UTF-8 JSON (never pasted
# into code) and prints exactly one line: '##WSUSCTL## ' followed by ASCII-only JSON. A unit that throws
# still prints one line (schema wsusctl.error/1), so one failing check cannot hide the others.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$script:WsusctlUnit = ''

function ConvertTo-WsusctlJson($Object) {
  $json = ConvertTo-Json -InputObject $Object -Depth 8 -Compress
  # The WinRM client decodes output with a fixed code page; escape everything outside ASCII.
  return [regex]::Replace($json, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
}

function Write-Result([hashtable]$R) {
  if (-not $R.ContainsKey('schema')) { $R['schema'] = 'wsusctl.check/1' }
  $R['unit'] = $script:WsusctlUnit
  Write-Output ('##WSUSCTL## ' + (ConvertTo-WsusctlJson $R))
}

function Assert-SafeName([string]$Name) {
  # Pool, site and service names end up in provider paths and filters; allow only what such names use.
  if ($Name -notmatch '^[A-Za-z0-9 ._$#()-]{1,128}$') { throw 'unsafe name rejected' }
  return $Name
}

function Invoke-WsusctlUnit([string]$Unit, [string]$ArgsB64, [scriptblock]$Body) {
  $script:WsusctlUnit = $Unit
  try {
    $P = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($ArgsB64)) | ConvertFrom-Json
    & $Body $P
  } catch {
    Write-Result @{ schema = 'wsusctl.error/1'; status = 'error'; message = [string]$_.Exception.Message }
  }
}
