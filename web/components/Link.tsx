import { createContext, type MouseEvent, type ReactNode, useContext } from 'react';

/** Goes to another path of the app without a reload (given by App from usePath). */
export const NavigateContext = createContext<(path: string) => void>((path) => {
  window.location.assign(path);
});

/** The app's navigate function. */
export function useNavigate(): (path: string) => void {
  return useContext(NavigateContext);
}

/** A real link (shareable, opens in a new tab with a modifier) that navigates in place on a plain click. */
export function Link({
  href,
  children,
  className,
  ...rest
}: {
  href: string;
  children: ReactNode;
  className?: string;
  'data-testid'?: string;
}) {
  const navigate = useNavigate();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} className={className} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

/** The portrait's path of an organisation or a member. */
export const portraitPath = (kind: 'org' | 'member', id: number) =>
  kind === 'org' ? `/orgs/${id}/portrait` : `/members/${id}/portrait`;
