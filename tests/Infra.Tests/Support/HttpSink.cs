using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Infra.Tests.Support;

/// <summary>
/// A local HTTP server that records every request (path and body): the Slack, PagerDuty and heartbeat
/// endpoints Alertmanager posts to. Metrics Prometheus scrapes come from a real exporter instead
/// (a scrape this process answers late would mark the series stale).
/// </summary>
public sealed class HttpSink : IDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public HttpSink()
    {
        // Another process can still take the port between the check and the bind: then the next port.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            _listener = new HttpListener();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                Close(_listener);
            }
        }

        _loop = Task.Run(Serve);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Every request, with its arrival time (UTC).</summary>
    public ConcurrentQueue<(string Path, string Body, DateTime At)> Requests { get; } = new();

    public IEnumerable<string> BodiesAt(string path) => Requests.Where(r => r.Path == path).Select(r => r.Body);

    /// <summary>When the requests to <paramref name="path"/> arrived, in order.</summary>
    public IReadOnlyList<DateTime> ArrivalsAt(string path) => [.. Requests.Where(r => r.Path == path).Select(r => r.At)];

    /// <summary>Waits until a request to <paramref name="path"/> satisfies <paramref name="match"/>.</summary>
    public string WaitFor(string path, Func<string, bool> match, TimeSpan timeout, string what)
    {
        // Polls for the event with a ceiling well past the expected time (Patience), never a tight margin.
        var ceiling = Patience.For(timeout);
        var deadline = DateTime.UtcNow + ceiling;
        while (DateTime.UtcNow < deadline)
        {
            var found = BodiesAt(path).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            Thread.Sleep(250);
        }

        var seen = string.Join("\n", Requests.Select(r => $"{r.Path}: {Truncate(r.Body)}"));
        throw new Xunit.Sdk.XunitException($"timed out after {ceiling} (expected within {timeout}) waiting for {what} at {path}; requests seen:\n{seen}");
    }

    public void Dispose()
    {
        _stop.Cancel();
        // Close alone: after Stop, .NET's managed listener's Close removes the prefix again by looking up the
        // endpoint, which binds the port anew, and fails when another process has taken it since ("Address
        // already in use", seen in a variants run beside other test runs).
        Close(_listener);
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending GetContext: expected on shutdown.
        }

        _stop.Dispose();
    }

    private static void Close(HttpListener listener)
    {
        try
        {
            listener.Close();
        }
        catch (HttpListenerException)
        {
            // Its port is already gone: nothing left to release.
        }
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "..." : text;

    private async Task Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // Each request on its own, and a client that hangs up costs that request only: an exception here used
            // to end the loop, and the sink then accepted connections it never answered (Alertmanager's heartbeats
            // failed for minutes).
            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        try
        {
            var at = DateTime.UtcNow;
            var path = context.Request.Url?.AbsolutePath ?? "/";
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                Requests.Enqueue((path, await reader.ReadToEndAsync().ConfigureAwait(false), at));
            }

            var response = path.StartsWith("/pagerduty", StringComparison.Ordinal) ? "{\"status\":\"success\"}" : "ok";
            var bytes = Encoding.UTF8.GetBytes(response);
            context.Response.StatusCode = path.StartsWith("/pagerduty", StringComparison.Ordinal) ? 202 : 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away (or the sink is shutting down): nothing to answer.
        }
    }
}
