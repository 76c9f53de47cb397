import type { ContractError } from '../../../shared/result';
import { AppIcon } from './app-icons';

// A ContractError shown as data. Messages may come from remote servers: React renders them as text.
export function ErrorNotice({ error, title, onRetry }: { error: ContractError; title?: string; onRetry?: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <AppIcon name="warning" />
      <div className="notice-body">
        <strong>{title ?? 'Something went wrong'}</strong>
        <p>{error.message}</p>
        {error.issues && error.issues.length > 1 && (
          <ul>
            {error.issues.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>
                {issue.path ? <code>{issue.path}</code> : null} {issue.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
