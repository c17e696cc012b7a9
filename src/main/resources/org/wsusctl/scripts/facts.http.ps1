# wsusctl-script: facts.http read-only
# .SYNOPSIS  Facts: the HTTP status one GET from the server itself gets: a path on the port WSUS
#            registered (PortNumber, default 8530), or a full URL. -1 when nothing answered. No verdict.
# .NOTES     READ-ONLY (one GET). wsus-catalog.md 3.2 (http-endpoints), after the tips article (HTTP 503
#            on :8530, message 6703) and the connection-failures article's status table. HttpWebRequest
#            needs no IE engine (P10).
# Args: path (string), url (string, optional)
param($P)
$url = [string]$P.url
if ($url) {
  if ($url -notmatch '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[A-Za-z0-9/._-]*$') { throw 'unsafe url rejected' }
} else {
  if ([string]$P.path -notmatch '^/[A-Za-z0-9/._-]{0,200}$') { throw 'unsafe path rejected' }
  $s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -ErrorAction SilentlyContinue
  $port = 8530; if ($s -and $s.PortNumber) { $port = [int]$s.PortNumber }
  $url = 'http://localhost:' + $port + [string]$P.path
}
$code = -1; $err = $null
try {
  $rq = [System.Net.HttpWebRequest]::Create($url)
  $rq.Method = 'GET'; $rq.Timeout = 30000; $rq.AllowAutoRedirect = $false; $rq.UseDefaultCredentials = $true
  $rs = $rq.GetResponse(); $code = [int]$rs.StatusCode; $rs.Close()
} catch [System.Net.WebException] {
  $r = $_.Exception.Response
  if ($r) { $code = [int]$r.StatusCode; $r.Close() } else { $err = [string]$_.Exception.Status }
}
Write-Facts @{ url = [string]$url; status = [int64]$code; error = (Get-NullableString $err) }
