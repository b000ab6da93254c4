import type { PageId } from '../routing/route';
import { usePendingApprovalCount } from '../approvals/use-pending-approval-count';
import { Icon } from '../ui/Icon';
import { MAIN_PAGES, SETTINGS_PAGE, type PageEntry } from './pages';

export interface NavBarProps {
  current: PageId;
  onNavigate(page: PageId): void;
}

export function NavBar({ current, onNavigate }: NavBarProps) {
  const awaiting = usePendingApprovalCount();
  const badge = (page: PageEntry) =>
    page.id === 'approvals' && awaiting !== null && awaiting > 0 ? (
      <span className="nav__badge" data-testid="nav-approvals-badge">
        {awaiting}
        <span className="visually-hidden"> awaiting your decision</span>
      </span>
    ) : null;
  const item = (page: PageEntry) => (
    <li key={page.id}>
      <button
        type="button"
        className={`nav__item${page.id === current ? ' nav__item--active' : ''}`}
        aria-current={page.id === current ? 'page' : undefined}
        onClick={() => onNavigate(page.id)}
        data-testid={`nav-${page.id}`}
      >
        <Icon name={page.icon} />
        <span>{page.label}</span>
        {badge(page)}
      </button>
    </li>
  );
  return (
    <nav className="nav" aria-label="Main">
      <div className="nav__brand">
        <svg className="nav__logo" width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M7 18a4.5 4.5 0 0 1-.6-8.96A6 6 0 0 1 18 8.5a4.75 4.75 0 0 1-.5 9.5z" fill="currentColor" />
        </svg>
        <span>Nimbus</span>
      </div>
      <ul className="nav__list">{MAIN_PAGES.map(item)}</ul>
      <ul className="nav__list nav__list--bottom">{item(SETTINGS_PAGE)}</ul>
    </nav>
  );
}
