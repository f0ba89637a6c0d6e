'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { type DragEvent, type KeyboardEvent, type MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { AdminData, GroupIntent } from './AdminCenter';

export type TreeSelection = { kind: 'group' | 'person'; id: string };
type Dragged = TreeSelection;
const DRAG_TYPE = 'application/x-lifeline-node';

interface Props {
  data: AdminData;
  selection: TreeSelection | null;
  onSelect: (selection: TreeSelection, intent?: GroupIntent) => void;
  onMovePerson: (personId: string, groupId: string) => void;
  onMoveGroup: (groupId: string, parentId: string | null) => void;
}

/**
 * The organisation tree (WAI-ARIA tree pattern): arrow keys move and expand, Enter selects, the context menu key
 * or a right click opens a group's menu. Technicians and groups move by drag and drop, announced to screen
 * readers as they go; their forms offer the same move for keyboards.
 */
export function OrgTree({ data, selection, onSelect, onMovePerson, onMoveGroup }: Props) {
  const t = useTranslations('orgTree');
  const format = useFormatter();
  const [announcement, setAnnouncement] = useState('');
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [query, setQuery] = useState('');
  const [menu, setMenu] = useState<{ groupId: string; x: number; y: number } | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);
  const manageable = useMemo(() => new Set(data.manageable), [data.manageable]);

  const children = useMemo(() => {
    const map = new Map<string | null, typeof data.groups>();
    const known = new Set(data.groups.map((g) => g.id));
    for (const g of data.groups) {
      // An administrator sees their subtree only: its top shows at the root.
      const parent = g.parentId && known.has(g.parentId) ? g.parentId : null;
      map.set(parent, [...(map.get(parent) ?? []), g]);
    }
    return map;
  }, [data.groups]);

  const needle = query.trim().toLowerCase();
  const personMatches = (p: AdminData['people'][number]) => !needle || `${p.name} ${p.nickname} ${p.email}`.toLowerCase().includes(needle);
  const groupMatches = (groupId: string): boolean => {
    if (!needle) return true;
    const g = data.groups.find((x) => x.id === groupId)!;
    return g.name.toLowerCase().includes(needle)
      || data.people.some((p) => p.groupId === groupId && personMatches(p))
      || (children.get(groupId) ?? []).some((c) => groupMatches(c.id));
  };

  useEffect(() => {
    if (!menu) return;
    const close = () => setMenu(null);
    window.addEventListener('click', close);
    return () => window.removeEventListener('click', close);
  }, [menu]);

  const isSelected = (kind: TreeSelection['kind'], id: string) => selection?.kind === kind && selection.id === id;

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const items = [...(treeRef.current?.querySelectorAll<HTMLElement>('[role="treeitem"]') ?? [])].filter((el) => el.offsetParent !== null);
    const current = items.indexOf(document.activeElement as HTMLElement);
    if (current < 0) return;
    const item = items[current];
    const groupId = item.dataset.groupId;
    const focus = (index: number) => items[Math.max(0, Math.min(items.length - 1, index))]?.focus();
    switch (event.key) {
      case 'ArrowDown': focus(current + 1); break;
      case 'ArrowUp': focus(current - 1); break;
      case 'Home': focus(0); break;
      case 'End': focus(items.length - 1); break;
      case 'ArrowRight': if (groupId) setCollapsed((s) => without(s, groupId)); break;
      case 'ArrowLeft': if (groupId) setCollapsed((s) => new Set(s).add(groupId)); break;
      case 'Enter':
      case ' ':
        if (item.dataset.kind) onSelect({ kind: item.dataset.kind as TreeSelection['kind'], id: item.dataset.id! });
        break;
      case 'ContextMenu':
      case 'F10':
        if (event.key === 'F10' && !event.shiftKey) return;
        if (groupId) {
          const box = item.getBoundingClientRect();
          setMenu({ groupId, x: box.left + 24, y: box.bottom });
        }
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  const nameOf = (node: Dragged) =>
    (node.kind === 'group' ? data.groups.find((g) => g.id === node.id)?.name : data.people.find((p) => p.id === node.id)?.name) ?? '';

  function dragStart(event: DragEvent, node: Dragged) {
    event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(node));
    event.dataTransfer.effectAllowed = 'move';
    event.stopPropagation();
    setAnnouncement(t('dragStarted', { name: nameOf(node) }));
  }

  function dragEnd(event: DragEvent) {
    event.stopPropagation();
    setDropTarget(null);
    if (event.dataTransfer.dropEffect === 'none') setAnnouncement(t('dragCancelled'));
  }

  function drop(event: DragEvent, groupId: string) {
    event.preventDefault();
    event.stopPropagation();
    setDropTarget(null);
    setAnnouncement('');
    let node: Dragged;
    try {
      node = JSON.parse(event.dataTransfer.getData(DRAG_TYPE)) as Dragged;
    } catch {
      return;
    }
    if (node.kind === 'person') onMovePerson(node.id, groupId);
    else if (node.id !== groupId) onMoveGroup(node.id, groupId);
  }

  const openMenu = (event: MouseEvent, groupId: string) => {
    event.preventDefault();
    event.stopPropagation();
    setMenu({ groupId, x: event.clientX, y: event.clientY });
  };

  const renderGroup = (groupId: string, level: number): React.ReactNode => {
    const group = data.groups.find((g) => g.id === groupId)!;
    if (!groupMatches(groupId)) return null;
    const open = needle !== '' || !collapsed.has(groupId);
    const members = data.people.filter((p) => p.groupId === groupId && personMatches(p));
    const subgroups = children.get(groupId) ?? [];
    const mine = manageable.has(groupId);
    const headcount = data.people.filter((p) => p.groupId === groupId).length;
    return (
      <li
        key={groupId}
        role="treeitem"
        aria-level={level}
        aria-expanded={open}
        aria-selected={isSelected('group', groupId)}
        tabIndex={isSelected('group', groupId) ? 0 : -1}
        data-kind="group"
        data-id={groupId}
        data-group-id={groupId}
        data-testid={`tree-group-${group.name}`}
        className={`tree-node${dropTarget === groupId ? ' drop-target' : ''}`}
        draggable={mine}
        onDragStart={(e) => dragStart(e, { kind: 'group', id: groupId })}
        onDragEnd={dragEnd}
        onDragOver={(e) => {
          if (!mine || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
          e.preventDefault();
          e.stopPropagation();
          if (dropTarget !== groupId) setAnnouncement(t('dragOver', { group: group.name }));
          setDropTarget(groupId);
        }}
        onDragLeave={() => setDropTarget((current) => (current === groupId ? null : current))}
        onDrop={(e) => drop(e, groupId)}
        onContextMenu={(e) => openMenu(e, groupId)}
        onClick={(e) => {
          e.stopPropagation();
          onSelect({ kind: 'group', id: groupId });
        }}
      >
        <span className="tree-row">
          <button
            type="button"
            className="tree-toggle ghost"
            tabIndex={-1}
            aria-label={open ? t('collapse', { name: group.name }) : t('expand', { name: group.name })}
            onClick={(e) => {
              e.stopPropagation();
              setCollapsed((s) => (s.has(groupId) ? without(s, groupId) : new Set(s).add(groupId)));
            }}
          >
            {open ? '▾' : '▸'}
          </button>
          <span className="tree-label">{group.name}</span>
          <span className="muted tree-count" title={t('members', { count: headcount })}>{format.number(headcount)}</span>
        </span>
        {open && (subgroups.length > 0 || members.length > 0) && (
          <ul role="group">
            {subgroups.map((g) => renderGroup(g.id, level + 1))}
            {members.map((p) => renderPerson(p, level + 1))}
          </ul>
        )}
      </li>
    );
  };

  const renderPerson = (p: AdminData['people'][number], level: number) => (
    <li
      key={p.id}
      role="treeitem"
      aria-level={level}
      aria-selected={isSelected('person', p.id)}
      tabIndex={isSelected('person', p.id) ? 0 : -1}
      data-kind="person"
      data-id={p.id}
      data-testid={`tree-person-${p.email}`}
      className={`tree-node person${p.enabled ? '' : ' disabled'}`}
      draggable={p.groupId !== null && manageable.has(p.groupId) && p.role !== 'master_admin'}
      onDragStart={(e) => dragStart(e, { kind: 'person', id: p.id })}
      onDragEnd={dragEnd}
      onClick={(e) => {
        e.stopPropagation();
        onSelect({ kind: 'person', id: p.id });
      }}
    >
      <span className="tree-row">
        <span aria-hidden="true" className="tree-icon">{p.role === 'technician' ? '●' : '◆'}</span>
        <span className="tree-label">{p.name}</span>
        {p.role !== 'technician' && <span className="badge">{p.role === 'admin' ? t('badgeAdmin') : t('badgeMaster')}</span>}
        {!p.enabled && <span className="badge">{t('badgeDisabled')}</span>}
      </span>
    </li>
  );

  const masters = data.people.filter((p) => p.groupId === null && personMatches(p));
  const anyFocusable = selection !== null;
  return (
    <div className="org-tree-wrap">
      <label htmlFor="tree-search" className="visually-hidden">{t('searchLabel')}</label>
      <input id="tree-search" type="search" placeholder={t('searchPlaceholder')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="tree-search" />
      <ul role="tree" aria-label={t('label')} className="org-tree" data-testid="org-tree" ref={treeRef} onKeyDown={onKeyDown}>
        {(children.get(null) ?? []).map((g) => renderGroup(g.id, 1))}
        {masters.map((p) => renderPerson(p, 1))}
      </ul>
      {!anyFocusable && <p className="muted">{t('nothing')}</p>}
      <p className="visually-hidden" aria-live="polite">{announcement}</p>
      {menu && (
        <ul role="menu" className="context-menu card" style={{ left: menu.x, top: menu.y }} aria-label={t('menuLabel')} data-testid="tree-menu">
          {([['subgroup', t('menuSubgroup')], ['invite', t('menuInvite')], ['rename', t('menuRename')]] as const).map(([intent, label], i) => (
            <li key={intent} role="none">
              <button
                type="button"
                role="menuitem"
                className="ghost"
                autoFocus={i === 0}
                onClick={() => {
                  setMenu(null);
                  onSelect({ kind: 'group', id: menu.groupId }, intent);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') setMenu(null);
                }}
              >
                {label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function without<T>(set: Set<T>, value: T): Set<T> {
  const next = new Set(set);
  next.delete(value);
  return next;
}
