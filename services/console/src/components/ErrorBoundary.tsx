import { Component, type ReactNode } from 'react';

/**
 * A page that fails to render shows what happened instead of a blank window; the frame
 * (navigation, notifications) stays usable. Keyed by the route, so leaving the page resets it.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <section className="not-found" role="alert">
        <h1>This page could not be shown</h1>
        <p>{this.state.error.message}</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </section>
    );
  }
}
