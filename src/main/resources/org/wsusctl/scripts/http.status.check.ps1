# wsusctl-script: http.status.check read-only
# .SYNOPSIS  Requests a WSUS web service URL from the server itself and compares the HTTP status.
# .NOTES     READ-ONLY (one GET). wsus-catalog.md 3.2 (http-endpoints), after the tips article (HTTP 503
#            on :8530, message 6703) and the connection-failures article's status table. The port comes
#            from the WSUS Setup registry (PortNumber, default 8530) unless a full url is given.
#            HttpWebRequest needs no IE engine; -1 = refused/reset/timeout, the same symptom as 503.
# Args: path (string), url (string, optional), status (int)
param($P)
$url = [string]$P.url
if ($url) {
  if ($url -notmatch '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[A-Za-z0-9/._-]*$') { throw 'unsafe url rejected' }
} else {
  if ([string]$P.path -notmatch '^/[A-Za-z0-9/._-]{0,200}$') { throw 'unsafe path rejected' }
  $s = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup' -ErrorAction SilentlyContinue
  $port = if ($s -and $s.PortNumber) { [int]$s.PortNumber } else { 8530 }
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
$want = [int]$P.status
$sev = if ($code -eq 503 -or $code -eq -1) { 'critical' } else { 'high' }
$msg = if ($code -eq -1) { 'no HTTP answer from ' + $url + ' (' + $err + ')' } else { $url + ' answered ' + $code }
if ($code -eq 503 -or $code -eq -1) { $msg += '; see iis.apppool.state, iis.apppool.private_memory, wsus.services' }
Write-Result @{ check = 'http.status'; status = $(if ($code -eq $want) { 'ok' } else { 'drift' }); severity = $sev
                observed = @{ url = $url; status = $code }; expected = @{ status = $want }; message = $msg }
