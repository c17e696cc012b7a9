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

# The SQL Server that hosts SUSDB, from the WSUS Setup key: the Windows Internal Database's pipe on 2012+
# (##SSEE on WSUS 3.0), else SqlServerName as WSUS setup wrote it (wsus-catalog.md 0.5, P4); $null without WSUS.
function Get-WsusctlSqlDataSource {
  $s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -ErrorAction SilentlyContinue
  if (-not $s) { return $null }
  $n = [string]$s.SqlServerName
  if ($n -match '##WID') { return 'np:\\.\pipe\MICROSOFT##WID\tsql\query' }
  if ($n -match '##SSEE') { return 'np:\\.\pipe\MSSQL$MICROSOFT##SSEE\sql\query' }
  return $n
}

# The WSUS API, loaded and connected once per process however many sections read it (loading the
# UpdateServices assembly and connecting takes seconds on a real server). A server configured for SSL
# (UsingSSL) serves its API only over HTTPS on its SSL port to its DNS name (the certificate's name):
# plain Get-WsusServer gets 403 there (Get-WsusServer's reference; "Secure WSUS with the SSL Protocol").
# The SSL port: 443 beside port 80 (WSUS in the Default Web Site), else PortNumber + 1 (8531 beside 8530).
function Get-WsusctlSslPort([int]$Port) { if ($Port -eq 80) { return 443 }; return $Port + 1 }

function Get-WsusctlApi {
  if ($null -eq $script:WsusctlApi) {
    try { Import-Module UpdateServices }
    catch { $script:WsusctlApi = @{ Tools = $false; Server = $null; Error = [string]$_.Exception.Message }; return $script:WsusctlApi }
    try {
      $s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -ErrorAction SilentlyContinue
      if ($s -and [int]$s.UsingSSL -eq 1) {
        [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
        $fqdn = [System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName
        $w = Get-WsusServer -Name $fqdn -UseSsl -PortNumber (Get-WsusctlSslPort ([int]$s.PortNumber))
      } else { $w = Get-WsusServer }
      $script:WsusctlApi = @{ Tools = $true; Server = $w; Error = $null }
    } catch { $script:WsusctlApi = @{ Tools = $true; Server = $null; Error = [string]$_.Exception.Message } }
  }
  return $script:WsusctlApi
}

# Where WSUS serves a path as it is set up: http://localhost:<PortNumber>, or, when WSUS is configured for SSL
# (UsingSSL), https://<DNS name>:<SSL port> for the web services that then require SSL (Microsoft's
# "Secure WSUS with the Secure Sockets Layer Protocol"; the certificate names the DNS name, not localhost).
function Get-WsusctlUrl([string]$Path) {
  if ($Path -notmatch '^/[A-Za-z0-9/._-]{0,200}$') { throw 'unsafe path rejected' }
  $s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -ErrorAction SilentlyContinue
  $port = 8530; if ($s -and $s.PortNumber) { $port = [int]$s.PortNumber }
  $sslDirs = @('apiremoting30', 'clientwebservice', 'dssauthwebservice', 'serversyncwebservice', 'simpleauthwebservice')
  if ($s -and [int]$s.UsingSSL -eq 1 -and $sslDirs -contains ($Path.TrimStart('/') -split '/')[0].ToLowerInvariant()) {
    return 'https://' + [System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName + ':' + (Get-WsusctlSslPort $port) + $Path
  }
  return 'http://localhost:' + $port + $Path
}

# One GET that wakes the pool's worker (IIS starts workers on demand, so a pool whose workers crash reads
# Started until a request arrives). Never through a proxy; the status, or -1.
function Invoke-WsusctlWarmup([string]$Url) {
  [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
  try {
    $rq = [System.Net.HttpWebRequest]::Create($Url)
    $rq.Timeout = 30000; $rq.AllowAutoRedirect = $false; $rq.UseDefaultCredentials = $true
    $rq.Proxy = New-Object System.Net.WebProxy
    $rs = $rq.GetResponse(); $c = [int]$rs.StatusCode; $rs.Close(); return $c
  } catch [System.Net.WebException] {
    if ($_.Exception.Response) { $c = [int]$_.Exception.Response.StatusCode; $_.Exception.Response.Close(); return $c }
    return -1
  }
}

# Events since a moment, by provider and id (never by localized text), optionally only those whose first
# datum names a subject (WAS 5002/5009: the application pool). No matching event is not an error (P12).
# An event's first EventData value (WAS 5002/5009: the pool's name), read from its XML: the record's property
# list would do too, but its name is on PowerShell's suspicious-content list (see PsLauncher).
function Get-WsusctlEventDatum($Record) {
  $n = ([xml]$Record.ToXml()).SelectSingleNode('//*[local-name()=''EventData'']/*[local-name()=''Data''][1]')
  if ($n) { return $n.InnerText }; return ''
}

function Get-WsusctlEventsSince([datetime]$Since, [string]$Log, [string]$Provider, [int[]]$Ids, [string]$Subject = '') {
  try {
    return @(Get-WinEvent -FilterHashtable @{ LogName = $Log; ProviderName = $Provider; Id = $Ids; StartTime = $Since } -ErrorAction Stop |
      Where-Object { -not $Subject -or (Get-WsusctlEventDatum $_) -eq $Subject })
  } catch { if ($_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') { return @() }; throw }
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
